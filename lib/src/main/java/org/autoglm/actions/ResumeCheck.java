package org.autoglm.actions;

import java.time.Instant;
import java.util.List;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.run.HadoopConf;
import org.autoglm.run.RunLedger;
import org.autoglm.run.SnapshotCache;
import org.autoglm.study.OutputLayout;
import org.autoglm.study.ResumeRefused;
import org.autoglm.study.RunStatus;
import org.autoglm.train.SnapshotFormat;

/**
 * What {@code --resume} may continue: the run it names, not completed, not running, under its own
 * configuration, with its graph snapshot still in place. Each refusal says what to do instead.
 */
final class ResumeCheck {
  private ResumeCheck() {}

  /**
   * The run {@code --resume} names: {@value RunAction#LATEST} is the study's latest run if it did
   * not complete. A completed run, or one still running, is refused.
   */
  static RunLedger.Run run(
      RunLedger ledger, String study, String resumeRunId, ExperimentConfig config) {
    List<RunLedger.Run> runs = ledger.runs(study);
    String table = new OutputLayout(config.output().path()).table(OutputLayout.RUNS);
    boolean latest = RunAction.LATEST.equals(resumeRunId);
    RunLedger.Run chosen =
        runs.stream()
            .filter(r -> latest || r.runId().equals(resumeRunId))
            .findFirst()
            .orElseThrow(
                () ->
                    new ResumeRefused(
                        "study '"
                            + study
                            + "' has no run "
                            + (latest ? "" : "'" + resumeRunId + "' ")
                            + "under "
                            + table
                            + " to resume"
                            + (runs.isEmpty()
                                ? "; run it without --resume"
                                : "; its runs are "
                                    + String.join(
                                        ", ",
                                        runs.stream().map(RunLedger.Run::runId).sorted().toList())
                                    + " (or give --resume latest)")));
    RunStatus status = chosen.effectiveStatus(Instant.now(), ledger.staleAfter());
    if (status == RunStatus.COMPLETED) {
      throw new ResumeRefused(
          "run "
              + chosen.runId()
              + " of study '"
              + study
              + "' completed at "
              + chosen.endedAt()
              + (RunAction.LATEST.equals(resumeRunId) ? " and is the study's latest" : "")
              + ": there is nothing to resume. Start a new run without --resume.");
    }
    if (status == RunStatus.RUNNING) {
      throw new ResumeRefused(
          "run "
              + chosen.runId()
              + " is still running (its last heartbeat was at "
              + chosen.heartbeatAt()
              + "): wait for it; if its driver died, it counts as stopped from "
              + chosen.heartbeatAt().plus(ledger.staleAfter())
              + " (three missed heartbeats, output.heartbeat_seconds), and resumes then");
    }
    if (!chosen.configHash().equals(config.hash())) {
      throw new ResumeRefused(
          String.format(
              "run %s was made with configuration %s, and this one hashes to %s: a run resumes"
                  + " only under its own configuration. Restore it (same file, --env and --set),"
                  + " or start a new run without --resume.",
              chosen.runId(), chosen.configHash(), config.hash()));
    }
    return chosen;
  }

  /**
   * The graph {@code resumed} trained on, still in {@code snapshotDir}, under this configuration.
   */
  static SnapshotFormat.Header snapshot(
      HadoopConf hadoop, RunLedger.Run resumed, String snapshotDir) {
    String run = "run " + resumed.runId();
    SnapshotFormat.Header snapshot =
        SnapshotCache.header(hadoop, snapshotDir)
            .orElseThrow(
                () ->
                    new ResumeRefused(
                        run
                            + "'s graph snapshot is gone from "
                            + snapshotDir
                            + ". Start a new run without --resume."));
    if (!snapshot.fingerprint().equals(resumed.dataFingerprint())) {
      throw new ResumeRefused(
          String.format(
              "%s trained on graph %s, but %s now holds graph %s (another run of the study wrote"
                  + " it since). Start a new run without --resume.",
              run, resumed.dataFingerprint(), snapshotDir, snapshot.fingerprint()));
    }
    return snapshot;
  }
}

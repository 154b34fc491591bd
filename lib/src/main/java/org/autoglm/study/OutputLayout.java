package org.autoglm.study;

/**
 * Where everything lives under {@code output.path}: shared tables at the top, partitioned by study
 * and run date; a study's graph under {@code graphs/<study>/}.
 */
public record OutputLayout(String root) implements java.io.Serializable {
  public static final String TRIALS = "trials";
  public static final String TRIAL_EPOCHS = "trial_epochs";
  public static final String QUARANTINE = "quarantine";
  public static final String DATA_QUALITY = "data_quality";
  public static final String RUNS = "runs";
  public static final String GATES = "gates";
  public static final String COMPARISONS = "comparisons";
  public static final String BASELINES = "baselines";
  public static final String ENSEMBLES = "ensembles";
  public static final String DISTILLED = "distilled";
  public static final String PREDICTIONS = "predictions";

  public OutputLayout {
    root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public String table(String name) {
    return root + "/" + name;
  }

  public String graph(String study, String stage, String table) {
    return root + "/graphs/" + study + "/" + stage + "/" + table;
  }

  /** The source's node keys beside the dense ids every graph table uses. */
  public String idMap(String study) {
    return root + "/graphs/" + study + "/id_map";
  }

  /** The files collect has consumed, for incremental collection. */
  public String manifest(String study) {
    return root + "/graphs/" + study + "/manifest";
  }

  /** A run's trial checkpoints; after the study only the best trial's is left there. */
  public String checkpoints(String study, String runId) {
    return root + "/checkpoints/" + study + "/" + runId;
  }

  /** The study's published models: {@code current} and {@code previous}. */
  /** Pretrained encoders of the study's graph with this fingerprint, shared across runs. */
  public String pretrained(String study, String fingerprint) {
    return root + "/pretrained/" + study + "/" + fingerprint;
  }

  public String models(String study) {
    return root + "/models/" + study;
  }

  /** The lease a run holds while it writes the study's graph. */
  public String graphLease(String study) {
    return root + "/graphs/" + study + "/_lease";
  }

  /** The fitted {@code features.pipeline} (an MLlib PipelineModel), applied again by predict. */
  public String featureModel(String study) {
    return root + "/graphs/" + study + "/features/model";
  }

  public String snapshot(String study) {
    return root + "/graphs/" + study + "/snapshot";
  }
}

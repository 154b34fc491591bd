package org.autoglm.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.autoglm.train.Checkpoint;

/**
 * A run's trial checkpoints on the output filesystem, one file per trial, so a promotion continues
 * on whichever executor Spark gives it. A checkpoint is written to a temporary name and renamed, so
 * a reader never sees half a file.
 */
public final class TrialCheckpoints implements Serializable {
  private static final long serialVersionUID = 1L;

  private final HadoopConf conf;
  private final String dir;

  public TrialCheckpoints(HadoopConf conf, String dir) {
    this.conf = conf;
    this.dir = dir;
  }

  /** Where trial {@code trialId}'s checkpoint is. */
  public String path(int trialId) {
    return dir + "/" + String.format("trial-%05d.ckpt", trialId);
  }

  /** A file of the run's other than a trial's checkpoint, in the same folder. */
  public String file(String name) {
    return dir + "/" + name;
  }

  public void save(int trialId, Checkpoint checkpoint) {
    Path target = new Path(path(trialId));
    Path partial = new Path(target.getParent(), "." + target.getName() + ".partial");
    try {
      FileSystem fs = target.getFileSystem(conf.get());
      try (OutputStream out = fs.create(partial, true)) {
        out.write(checkpoint.toBytes());
      }
      fs.delete(target, false);
      if (!fs.rename(partial, target)) {
        throw new IOException("rename " + partial + " to " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target, e);
    }
  }

  /** Trial {@code trialId}'s checkpoint, or empty when none was saved. */
  public Optional<Checkpoint> load(int trialId) {
    Path source = new Path(path(trialId));
    try {
      FileSystem fs = source.getFileSystem(conf.get());
      if (!fs.exists(source)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(source)) {
        return Optional.of(Checkpoint.fromBytes(in.readAllBytes(), source.toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + source, e);
    }
  }

  /** Deletes every checkpoint but those of the trials in {@code keep}. */
  public void deleteAllBut(Set<Integer> keep) {
    Path folder = new Path(dir);
    try {
      FileSystem fs = folder.getFileSystem(conf.get());
      if (!fs.exists(folder)) {
        return;
      }
      Set<String> kept = new HashSet<>();
      keep.forEach(trial -> kept.add(new Path(path(trial)).getName()));
      for (var status : fs.listStatus(folder)) {
        if (!kept.contains(status.getPath().getName())) {
          fs.delete(status.getPath(), false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear checkpoints in " + dir, e);
    }
  }
}

package org.autoglm.run;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.autoglm.train.EncoderCache;

/**
 * Pretrained encoders of one graph on the output filesystem ({@code
 * pretrained/<study>/<fingerprint>/<key>.enc}), shared by every trial, run and executor that trains
 * with the same pretraining settings on that graph, and held in memory by each executor JVM once
 * read. Two trials of one JVM wanting the same encoder wait for one pretraining; on two executors
 * both may pretrain, and the second rename leaves identical bytes (pretraining is seeded).
 */
public final class PretrainedEncoders implements EncoderCache, Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<String, float[][]> IN_MEMORY = new ConcurrentHashMap<>();
  private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

  private final HadoopConf conf;
  private final String dir;

  /** {@code dir}: this graph's folder (it includes the graph's fingerprint). */
  public PretrainedEncoders(HadoopConf conf, String dir) {
    this.conf = conf;
    this.dir = dir;
  }

  @Override
  public float[][] get(String key, Supplier<float[][]> pretrain) {
    Path file = new Path(dir, key + ".enc");
    String id = file.toString();
    synchronized (LOCKS.computeIfAbsent(id, k -> new Object())) {
      float[][] kept = IN_MEMORY.get(id);
      if (kept == null) {
        kept = read(file);
        if (kept == null) {
          kept = pretrain.get();
          write(file, kept);
          RunLog.LOG.info("pretrained encoder {} saved to {}", key, file);
        } else {
          RunLog.LOG.info("pretrained encoder {} read from {}", key, file);
        }
        IN_MEMORY.put(id, kept);
      }
      return kept;
    }
  }

  private float[][] read(Path file) {
    try {
      FileSystem fs = file.getFileSystem(conf.get());
      if (!fs.exists(file)) {
        return null;
      }
      try (DataInputStream in = new DataInputStream(fs.open(file))) {
        float[][] weights = new float[in.readInt()][];
        for (int i = 0; i < weights.length; i++) {
          weights[i] = new float[in.readInt()];
          for (int k = 0; k < weights[i].length; k++) {
            weights[i][k] = in.readFloat();
          }
        }
        return weights;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read pretrained encoder " + file, e);
    }
  }

  private void write(Path file, float[][] weights) {
    Path partial = new Path(file.getParent(), "." + file.getName() + ".partial");
    try {
      FileSystem fs = file.getFileSystem(conf.get());
      try (DataOutputStream out = new DataOutputStream(fs.create(partial, true))) {
        out.writeInt(weights.length);
        for (float[] tensor : weights) {
          out.writeInt(tensor.length);
          for (float value : tensor) {
            out.writeFloat(value);
          }
        }
      }
      fs.delete(file, false);
      if (!fs.rename(partial, file)) {
        throw new IOException("rename " + partial + " to " + file + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pretrained encoder " + file, e);
    }
  }
}

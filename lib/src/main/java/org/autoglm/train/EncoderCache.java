package org.autoglm.train;

import java.util.function.Supplier;

/**
 * Where pretrained encoders are kept for one graph, so trials that share the pretraining settings
 * (the key, {@code Pretraining.key}) pretrain once.
 */
@FunctionalInterface
public interface EncoderCache {
  /** Pretrains every time: a library caller training once. */
  EncoderCache NONE = (key, pretrain) -> pretrain.get();

  /**
   * The encoder weights kept under {@code key}, or those {@code pretrain} computes, kept for the
   * next caller.
   */
  float[][] get(String key, Supplier<float[][]> pretrain);
}

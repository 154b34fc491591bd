package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Global-norm gradient clipping (PyTorch's {@code clip_grad_norm_}): when the norm of all gradients
 * together exceeds the limit, every gradient is scaled by {@code limit / norm}. DJL's own {@code
 * optClipGrad} clamps each element from above only.
 */
final class GradientClipping {
  private GradientClipping() {}

  /** Scales the gradients in place when needed; returns the norm before clipping. */
  static double clipGlobalNorm(List<NDArray> parameters, double limit) {
    double norm = globalNorm(parameters);
    if (limit > 0 && norm > limit) {
      float scale = (float) (limit / (norm + 1e-6));
      for (NDArray p : parameters) {
        try (NDArray grad = p.getGradient()) {
          grad.muli(scale);
        }
      }
    }
    return norm;
  }

  /**
   * The L2 norm of all gradients together, summed on the host: two native calls per parameter (the
   * gradient, its copy) cost less than the four of squaring and summing on the device.
   */
  static double globalNorm(List<NDArray> parameters) {
    double squares = 0;
    for (NDArray p : parameters) {
      try (NDArray grad = p.getGradient()) {
        for (float g : grad.toFloatArray()) {
          squares += (double) g * g;
        }
      }
    }
    return Math.sqrt(squares);
  }
}

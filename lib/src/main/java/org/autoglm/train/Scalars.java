package org.autoglm.train;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic with a number on a tensor that may need a gradient. Not {@code x.mul(number)}: DJL
 * makes the number a tensor over a direct buffer and closes it at once, while autograd keeps it for
 * the backward pass; once the buffer is collected the gradient reads freed memory (seen: GCNII's
 * gradients turned NaN at a random epoch when dropout's allocations brought a GC between forward
 * and backward). These numbers live in the caller's scope, past the backward pass.
 */
final class Scalars {
  private Scalars() {}

  static NDArray times(NDArray x, float factor) {
    return x.mul(x.getManager().create(factor));
  }

  static NDArray plus(NDArray x, float term) {
    return x.add(x.getManager().create(term));
  }
}

package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One training step's products whose backward autograd would take badly (a gather, which it
 * differentiates with a scatter-add): each product is a leaf for autograd, and after the loss's
 * backward pass {@link #replay} hands its gradient {@code G} to the product's input as {@code
 * inputGradient(G)}. Newest product first, so every product's gradient is complete before its turn.
 * The graph is kept throughout: a residual connection reaches a layer's subgraph both from the loss
 * and from a later product's step.
 */
final class HandBackward {
  private record Step(NDArray input, NDArray product, UnaryOperator<NDArray> inputGradient) {}

  private final List<Step> steps = new ArrayList<>();

  /** Records {@code product}, computed from {@code input} out of autograd's sight; returns it. */
  NDArray record(NDArray input, NDArray product, UnaryOperator<NDArray> inputGradient) {
    product.setRequiresGradient(true);
    steps.add(new Step(input, product, inputGradient));
    return product;
  }

  /** Backpropagates {@code loss}, then every recorded product, newest first. */
  void backward(NDArray loss) {
    JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), true, false);
    for (int i = steps.size() - 1; i >= 0; i--) {
      Step step = steps.get(i);
      NDArray gradient = step.inputGradient().apply(step.product().getGradient());
      JniUtils.backward((PtNDArray) step.input(), (PtNDArray) gradient, true, false);
    }
    steps.clear();
  }
}

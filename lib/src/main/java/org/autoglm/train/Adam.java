package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Adam with coupled L2 weight decay on chosen parameters (PyTorch's {@code Adam(weight_decay=...)}
 * on a parameter group). Updates in place, outside the gradient collector.
 */
final class Adam {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final List<NDArray> parameters;
  private final Set<NDArray> decayed;
  private final float learningRate;
  private final float weightDecay;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private int step;

  Adam(List<NDArray> parameters, List<NDArray> decayed, float learningRate, float weightDecay) {
    this.parameters = parameters;
    this.decayed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    this.decayed.addAll(decayed);
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    for (NDArray p : parameters) {
      firstMoments.add(p.zerosLike());
      secondMoments.add(p.zerosLike());
    }
  }

  /** Applies one update from the parameters' gradients, then zeroes the gradients. */
  void step() {
    step++;
    float correction1 = 1f - (float) Math.pow(BETA1, step);
    float correction2 = 1f - (float) Math.pow(BETA2, step);
    for (int i = 0; i < parameters.size(); i++) {
      NDArray p = parameters.get(i);
      try (NDArray grad = p.getGradient()) {
        NDArray g = decayed.contains(p) && weightDecay > 0 ? grad.add(p.mul(weightDecay)) : grad;
        firstMoments.get(i).muli(BETA1).addi(g.mul(1f - BETA1));
        secondMoments.get(i).muli(BETA2).addi(g.square().muli(1f - BETA2));
        NDArray denominator = secondMoments.get(i).div(correction2).sqrt().addi(EPSILON);
        p.subi(firstMoments.get(i).mul(learningRate / correction1).divi(denominator));
        grad.muli(0);
      }
    }
  }
}

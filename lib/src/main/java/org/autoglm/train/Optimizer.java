package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The update rules that work on DJL's PyTorch engine, written out so their state can be saved and
 * restored with a checkpoint: Adam with coupled L2 decay (PyTorch's {@code Adam(weight_decay)}),
 * AdamW with decoupled decay, and SGD with momentum and L2 decay. Decay applies only to the chosen
 * weights. Updates happen in place, outside the gradient collector.
 */
final class Optimizer {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final TrainSettings.OptimizerKind kind;
  private final List<NDArray> parameters;
  private final Set<NDArray> decayed = Collections.newSetFromMap(new IdentityHashMap<>());
  private final float weightDecay;
  private final float momentum;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private int step;

  Optimizer(TrainSettings settings, List<NDArray> parameters, List<NDArray> decayed) {
    this.kind = settings.optimizer();
    this.parameters = parameters;
    this.decayed.addAll(decayed);
    this.weightDecay = (float) settings.weightDecay();
    this.momentum = (float) settings.momentum();
    for (NDArray p : parameters) {
      firstMoments.add(p.zerosLike());
      if (kind != TrainSettings.OptimizerKind.SGD) {
        secondMoments.add(p.zerosLike());
      }
    }
  }

  /** Applies one update at {@code learningRate} from the gradients, then zeroes the gradients. */
  void step(float learningRate) {
    step++;
    for (int i = 0; i < parameters.size(); i++) {
      NDArray p = parameters.get(i);
      boolean decay = weightDecay > 0 && decayed.contains(p);
      try (NDArray grad = p.getGradient()) {
        switch (kind) {
          case ADAM -> adam(i, p, decay ? grad.add(p.mul(weightDecay)) : grad, learningRate);
          case ADAMW -> {
            if (decay) {
              p.subi(p.mul(learningRate * weightDecay));
            }
            adam(i, p, grad, learningRate);
          }
          case SGD -> {
            NDArray g = decay ? grad.add(p.mul(weightDecay)) : grad;
            NDArray velocity = firstMoments.get(i);
            velocity.muli(momentum).addi(g);
            p.subi(velocity.mul(learningRate));
          }
        }
        grad.muli(0);
      }
    }
  }

  private void adam(int i, NDArray p, NDArray g, float learningRate) {
    float correction1 = 1f - (float) Math.pow(BETA1, step);
    float correction2 = 1f - (float) Math.pow(BETA2, step);
    firstMoments.get(i).muli(BETA1).addi(g.mul(1f - BETA1));
    secondMoments.get(i).muli(BETA2).addi(g.square().muli(1f - BETA2));
    NDArray denominator = secondMoments.get(i).div(correction2).sqrt().addi(EPSILON);
    p.subi(firstMoments.get(i).mul(learningRate / correction1).divi(denominator));
  }

  /** The moment tensors, in a fixed order, for checkpoints. */
  List<NDArray> state() {
    List<NDArray> state = new ArrayList<>(firstMoments);
    state.addAll(secondMoments);
    return state;
  }

  int steps() {
    return step;
  }

  void restoreSteps(int steps) {
    step = steps;
  }
}

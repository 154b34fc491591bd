package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The update rules that work on DJL's PyTorch engine, holding their own moment tensors so a
 * checkpoint can save and restore them: Adam with coupled L2 decay (PyTorch's {@code
 * Adam(weight_decay)}), AdamW with decoupled decay, and SGD with momentum and L2 decay (the step
 * size folded into the velocity, as DJL's native update does). Decay applies only to the chosen
 * weights. Updates happen in place, outside the gradient collector.
 */
final class Optimizer {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;
  private static final float NO_CLIP = -1f; // the native update clamps from above when >= 0

  private final TrainSettings.OptimizerKind kind;
  private final List<NDArray> parameters;
  private final Map<NDArray, Float> weightDecays = new IdentityHashMap<>();
  private final float momentum;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private int step;

  /**
   * @param weightDecays each decayed parameter's decay; the others have none
   */
  Optimizer(TrainSettings settings, List<NDArray> parameters, Map<NDArray, Float> weightDecays) {
    this.kind = settings.optimizer();
    this.parameters = parameters;
    this.weightDecays.putAll(weightDecays);
    this.momentum = (float) settings.momentum();
    for (NDArray p : parameters) {
      firstMoments.add(p.zerosLike());
      if (kind != TrainSettings.OptimizerKind.SGD) {
        secondMoments.add(p.zerosLike());
      }
    }
  }

  /**
   * Applies one update at {@code learningRate} from the gradients, then zeroes the gradients. Each
   * parameter is one fused native call (DJL's {@code adamUpdate} / {@code sgdUpdate}): a dozen
   * separate tensor operations per parameter cost more in JNI round-trips than in arithmetic.
   */
  void step(float learningRate) {
    step++;
    // Adam's bias corrections folded into the step size, as PyTorch's Adam does.
    float corrected =
        learningRate * (float) (Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step)));
    for (int i = 0; i < parameters.size(); i++) {
      PtNDArray p = (PtNDArray) parameters.get(i);
      float decay = weightDecays.getOrDefault(p, 0f);
      try (PtNDArray grad = p.getGradient()) {
        switch (kind) {
          case ADAM, ADAMW ->
              JniUtils.adamUpdate(
                  p,
                  grad,
                  (PtNDArray) firstMoments.get(i),
                  (PtNDArray) secondMoments.get(i),
                  learningRate,
                  corrected,
                  decay,
                  1f,
                  NO_CLIP,
                  BETA1,
                  BETA2,
                  EPSILON,
                  kind == TrainSettings.OptimizerKind.ADAMW);
          case SGD ->
              JniUtils.sgdUpdate(
                  p,
                  grad,
                  (PtNDArray) firstMoments.get(i),
                  learningRate,
                  decay,
                  1f,
                  NO_CLIP,
                  momentum);
        }
      }
      JniUtils.zeroGrad(p);
    }
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

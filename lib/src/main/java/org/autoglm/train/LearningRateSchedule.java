package org.autoglm.train;

/**
 * The step size per epoch: constant; step decay every {@code stepEpochs}; cosine annealing to zero
 * after a linear warm-up; or reduce-on-plateau, which multiplies the rate by {@code decayFactor}
 * once the validation metric has not improved for {@code stepEpochs} epochs. Its whole state is
 * three numbers, so a checkpoint restores it exactly.
 */
final class LearningRateSchedule {
  private static final double MIN_IMPROVEMENT = 1e-4;

  private final TrainSettings settings;
  private double plateauRate;
  private double plateauBest = Double.NEGATIVE_INFINITY;
  private int plateauWait;

  LearningRateSchedule(TrainSettings settings) {
    this.settings = settings;
    this.plateauRate = settings.learningRate();
  }

  /** The rate for 1-based {@code epoch}. */
  double rate(int epoch) {
    double peak = settings.learningRate();
    return switch (settings.schedule()) {
      case CONSTANT -> peak;
      case STEP -> peak * Math.pow(settings.decayFactor(), (epoch - 1) / settings.stepEpochs());
      case COSINE -> {
        int warmup = settings.warmupEpochs();
        if (epoch <= warmup) {
          yield peak * epoch / warmup;
        }
        double progress = (double) (epoch - 1 - warmup) / Math.max(1, settings.epochs() - warmup);
        yield peak * 0.5 * (1 + Math.cos(Math.PI * progress));
      }
      case PLATEAU -> plateauRate;
    };
  }

  /** Records the epoch's validation metric (higher is better); only the plateau rule uses it. */
  void observe(double validationMetric) {
    if (validationMetric > plateauBest + MIN_IMPROVEMENT) {
      plateauBest = validationMetric;
      plateauWait = 0;
    } else if (++plateauWait >= settings.stepEpochs()) {
      plateauRate *= settings.decayFactor();
      plateauWait = 0;
    }
  }

  double[] state() {
    return new double[] {plateauRate, plateauBest, plateauWait};
  }

  void restore(double[] state) {
    plateauRate = state[0];
    plateauBest = state[1];
    plateauWait = (int) state[2];
  }
}

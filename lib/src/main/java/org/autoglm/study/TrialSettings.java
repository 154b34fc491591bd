package org.autoglm.study;

import java.util.Map;
import org.autoglm.config.ExperimentConfig.TrainConfig;
import org.autoglm.config.TrainParameters;
import org.autoglm.train.TrainSettings;

/** A trial's training settings: the experiment's defaults overridden by the trial's parameters. */
public final class TrialSettings {
  private TrialSettings() {}

  public static TrainSettings resolve(
      TrainConfig base, Map<String, Object> params, long seed, int threads, String device) {
    TrainSettings.Builder settings = base.defaults().toBuilder();
    params.forEach((name, value) -> TrainParameters.apply(settings, name, value));
    return settings.seed(seed).threads(threads).device(device).build();
  }
}

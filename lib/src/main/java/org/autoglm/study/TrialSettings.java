package org.autoglm.study;

import java.util.Map;
import org.autoglm.config.ExperimentConfig.TrainConfig;
import org.autoglm.train.TrainSettings;

/** A trial's training settings: the experiment's defaults overridden by the trial's parameters. */
public final class TrialSettings {
  private TrialSettings() {}

  public static TrainSettings resolve(
      TrainConfig base, Map<String, Object> params, long seed, int threads, String device) {
    TrainSettings.Builder settings = base.defaults().toBuilder();
    params.forEach(settings::set);
    return settings
        .set(TrainSettings::seed, seed)
        .set(TrainSettings::threads, threads)
        .set(TrainSettings::device, device)
        .build();
  }
}

package org.autoglm.run;

import java.util.Locale;
import java.util.Map;
import org.autoglm.config.ExperimentConfig.TrainConfig;
import org.autoglm.train.TrainSettings;

/** A trial's training settings: the experiment's defaults overridden by the trial's parameters. */
final class TrialSettings {
  private TrialSettings() {}

  static TrainSettings resolve(
      TrainConfig base, Map<String, Object> params, long seed, int threads, String device) {
    return TrainSettings.builder()
        .model(TrainSettings.ModelKind.valueOf(base.model().toUpperCase(Locale.ROOT)))
        .hidden(intParam(params, "hidden", base.hidden()))
        .dropout(doubleParam(params, "dropout", base.dropout()))
        .learningRate(doubleParam(params, "lr", base.lr()))
        .weightDecay(doubleParam(params, "weight_decay", base.weightDecay()))
        .epochs(intParam(params, "epochs", base.epochs()))
        .patience(intParam(params, "patience", base.patience()))
        .seed(seed)
        .threads(threads)
        .device(device)
        .featureNorm(
            TrainSettings.FeatureNorm.valueOf(
                String.valueOf(params.getOrDefault("feature_norm", base.featureNorm()))
                    .toUpperCase(Locale.ROOT)))
        .build();
  }

  private static int intParam(Map<String, Object> params, String name, int fallback) {
    Object value = params.get(name);
    return value == null ? fallback : ((Number) value).intValue();
  }

  private static double doubleParam(Map<String, Object> params, String name, double fallback) {
    Object value = params.get(name);
    return value == null ? fallback : ((Number) value).doubleValue();
  }
}

package org.autoglm.train;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A training setting's one declaration, on its {@link TrainSettings} component: the YAML key under
 * {@code train.*}, the default, the rule and the documentation. The config keys, the builder's
 * defaults and checks, a saved model's text form and {@code conf/defaults.yaml}'s train section are
 * derived from it ({@link TrainParams}); adding a setting is adding a component.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface TrainParam {
  /** The default, as YAML would write it ({@code 0.01}, {@code relu}, {@code 15,10}). */
  String value();

  /** The key under {@code train.*}; empty: the component's name in snake_case. */
  String key() default "";

  /**
   * Numbers: the interval of valid values, {@code [0, 1)}, {@code (0, 1]}, {@code [1, )} (no upper
   * bound); empty: any finite value.
   */
  String range() default "";

  /** What the setting does, and its choices: the comment defaults.yaml shows. */
  String doc() default "";

  /**
   * False for settings the run sets rather than the experiment's {@code train} keys (the seed, the
   * threads, the device, the metric): no tunable key is derived.
   */
  boolean tunable() default true;
}

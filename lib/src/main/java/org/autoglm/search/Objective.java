package org.autoglm.search;

import java.io.Serializable;
import org.autoglm.search.trial.Direction;

/** One quantity a study optimises, e.g. {@code val_accuracy} (maximise). */
public record Objective(String name, Direction direction) implements Serializable {
  public static Objective maximize(String name) {
    return new Objective(name, Direction.MAXIMIZE);
  }

  public static Objective minimize(String name) {
    return new Objective(name, Direction.MINIMIZE);
  }
}

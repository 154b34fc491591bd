package org.autoglm.search.space;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The parameters a study tunes, in declaration order. */
public record SearchSpace(List<Parameter> parameters) implements Serializable {
  public SearchSpace {
    parameters = List.copyOf(parameters);
    long distinct = parameters.stream().map(Parameter::name).distinct().count();
    if (distinct != parameters.size()) {
      throw new IllegalArgumentException("search space parameter names must be unique");
    }
  }

  /** One independent draw of every parameter, in declaration order. */
  public Map<String, Object> sample(SplittableRandom random) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Parameter p : parameters) {
      values.put(p.name(), p.sample(random));
    }
    return values;
  }
}

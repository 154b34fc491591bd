package org.autoglm.search.space;

import java.io.Serializable;
import java.util.List;

/**
 * When a parameter is active: its parent is active and has one of {@code values}. A trial never
 * carries an inactive parameter, and samplers never learn from one.
 *
 * @param parent name of a categorical parameter in the same space
 * @param values the parent values that switch the parameter on
 */
public record Condition(String parent, List<Object> values) implements Serializable {
  public Condition {
    values = List.copyOf(values);
  }

  boolean holds(Object parentValue) {
    return values.contains(parentValue);
  }
}

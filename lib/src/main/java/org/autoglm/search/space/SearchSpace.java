package org.autoglm.search.space;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The parameters a study tunes, ordered so that every parent comes before the parameters it
 * conditions, and the conditions under which each parameter is active.
 */
public record SearchSpace(List<Parameter> parameters, Map<String, Condition> conditions)
    implements Serializable {
  public SearchSpace {
    conditions = Map.copyOf(conditions);
    parameters = parentsFirst(parameters, conditions);
  }

  public SearchSpace(List<Parameter> parameters) {
    this(parameters, Map.of());
  }

  /** Is {@code name} active given the values chosen so far for its ancestors? */
  public boolean isActive(String name, Map<String, Object> chosen) {
    Condition condition = conditions.get(name);
    return condition == null
        || (chosen.containsKey(condition.parent())
            && condition.holds(chosen.get(condition.parent())));
  }

  /** One independent draw of every active parameter. */
  public Map<String, Object> sample(SplittableRandom random) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Parameter p : parameters) {
      // Draw even when inactive, so a condition does not shift the draws of later parameters.
      Object value = p.sample(random);
      if (isActive(p.name(), values)) {
        values.put(p.name(), value);
      }
    }
    return values;
  }

  /** A draw of every parameter, active or not: the filler for {@link #resolve}. */
  public Map<String, Object> sampleAll(SplittableRandom random) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Parameter p : parameters) {
      values.put(p.name(), p.sample(random));
    }
    return values;
  }

  /**
   * Completes a partial assignment: keeps the given values of active parameters, fills active ones
   * that are missing from {@code fill}, and drops the rest. Order follows the space.
   */
  public Map<String, Object> resolve(Map<String, Object> given, Map<String, Object> fill) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Parameter p : parameters) {
      if (isActive(p.name(), values)) {
        values.put(
            p.name(), given.containsKey(p.name()) ? given.get(p.name()) : fill.get(p.name()));
      }
    }
    return values;
  }

  /**
   * Parameters as the trials table holds them (text), typed for this space; empty when they do not
   * fit it: an active parameter missing, out of its range or step, or not one of the choices. Fixed
   * parameters take this space's value.
   */
  public Optional<Map<String, Object>> fromText(Map<String, String> text) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Parameter p : parameters) {
      if (!isActive(p.name(), values)) {
        continue;
      }
      String given = text.get(p.name());
      Object value = null;
      try {
        if (p instanceof Parameter.Fixed f) {
          value = f.value();
        } else if (p instanceof Parameter.Real r) {
          double v = Double.parseDouble(given);
          value = r.contains(v) ? v : null;
        } else if (p instanceof Parameter.Int i) {
          int v = Integer.parseInt(given);
          value = i.contains(v) ? v : null;
        } else if (p instanceof Parameter.Categorical c) {
          value =
              c.choices().stream()
                  .filter(choice -> String.valueOf(choice).equals(given))
                  .findFirst()
                  .orElse(null);
        }
      } catch (NumberFormatException | NullPointerException e) {
        value = null; // missing, or not a number
      }
      if (value == null) {
        return Optional.empty();
      }
      values.put(p.name(), value);
    }
    return Optional.of(values);
  }

  public Parameter parameter(String name) {
    for (Parameter p : parameters) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no parameter '" + name + "' in the search space");
  }

  private static List<Parameter> parentsFirst(
      List<Parameter> parameters, Map<String, Condition> conditions) {
    Map<String, Parameter> byName = new LinkedHashMap<>();
    for (Parameter p : parameters) {
      if (byName.put(p.name(), p) != null) {
        throw new IllegalArgumentException(
            "search space parameter names must be unique; '" + p.name() + "' appears twice");
      }
    }
    conditions.forEach(
        (child, condition) -> {
          String where = "'search.space." + child + ".when'";
          if (!byName.containsKey(child)) {
            throw new IllegalArgumentException(where + " belongs to no parameter");
          }
          Parameter parent = byName.get(condition.parent());
          if (parent == null) {
            throw new IllegalArgumentException(
                where
                    + " depends on '"
                    + condition.parent()
                    + "', which is not in the search space; parameters: "
                    + String.join(", ", byName.keySet()));
          }
          List<Object> allowed;
          if (parent instanceof Parameter.Categorical c) {
            allowed = c.choices();
          } else if (parent instanceof Parameter.Fixed f) {
            allowed = List.of(f.value());
          } else {
            throw new IllegalArgumentException(
                where
                    + " depends on '"
                    + condition.parent()
                    + "', but only a categorical or fixed parameter can switch others on");
          }

          if (condition.values().isEmpty()) {
            throw new IllegalArgumentException(
                where + " lists no values of '" + parent.name() + "'");
          }
          for (Object v : condition.values()) {
            if (!allowed.contains(v)) {
              throw new IllegalArgumentException(
                  where
                      + " lists '"
                      + v
                      + "', which '"
                      + parent.name()
                      + "' never takes; its values: "
                      + allowed);
            }
          }
        });
    List<Parameter> ordered = new ArrayList<>();
    Map<String, Boolean> visiting = new LinkedHashMap<>();
    for (Parameter p : parameters) {
      visit(p.name(), byName, conditions, visiting, ordered);
    }
    return List.copyOf(ordered);
  }

  private static void visit(
      String name,
      Map<String, Parameter> byName,
      Map<String, Condition> conditions,
      Map<String, Boolean> visiting,
      List<Parameter> ordered) {
    Boolean state = visiting.get(name);
    if (Boolean.FALSE.equals(state)) {
      return;
    }
    if (Boolean.TRUE.equals(state)) {
      throw new IllegalArgumentException(
          "'search.space." + name + ".when' forms a cycle: " + visiting.keySet());
    }
    visiting.put(name, true);
    Condition condition = conditions.get(name);
    if (condition != null) {
      visit(condition.parent(), byName, conditions, visiting, ordered);
    }
    visiting.put(name, false);
    ordered.add(byName.get(name));
  }
}

package org.autoglm.graph.io;

/**
 * Parses one N-Triples line: {@code <subject> <predicate> <object> .} where subject and object are
 * IRIs or blank nodes ({@code _:b1}) and the object may be a literal ({@code "text"}, {@code
 * "text"@en}, {@code "5"^^<xsd:int>}). Pure: the Spark reader and tests share it.
 */
public final class NTriplesLine {
  private NTriplesLine() {}

  /**
   * One triple; for a literal object, {@code object} is its lexical form and {@code datatype} its
   * language tag ({@code @en}) or datatype IRI, else null.
   */
  public record Triple(
      String subject, String predicate, String object, boolean literal, String datatype) {}

  /** A triple, or why the line is not one. */
  public record Result(Triple triple, String rejection) {}

  /** True for lines that hold no triple: blank lines and {@code #} comments. */
  public static boolean isBlankOrComment(String line) {
    String trimmed = line.strip();
    return trimmed.isEmpty() || trimmed.startsWith("#");
  }

  public static Result parse(String line) {
    Cursor cursor = new Cursor(line.strip());
    String subject = cursor.resource("subject");
    if (subject == null) {
      return cursor.failure();
    }
    String predicate = cursor.iri("predicate");
    if (predicate == null) {
      return cursor.failure();
    }
    cursor.skipSpaces();
    boolean literal = cursor.peek() == '"';
    String object = literal ? cursor.literal() : cursor.resource("object");
    if (object == null) {
      return cursor.failure();
    }
    String datatype = literal ? cursor.literalSuffix() : null;
    if (cursor.error != null) {
      return cursor.failure();
    }
    cursor.skipSpaces();
    if (cursor.peek() != '.') {
      return new Result(null, "a triple must end with ' .'");
    }
    return new Result(new Triple(subject, predicate, object, literal, datatype), null);
  }

  private static final class Cursor {
    private final String text;
    private int at;
    private String error;

    Cursor(String text) {
      this.text = text;
    }

    char peek() {
      return at < text.length() ? text.charAt(at) : '\0';
    }

    void skipSpaces() {
      while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
        at++;
      }
    }

    Result failure() {
      return new Result(null, error);
    }

    String resource(String role) {
      skipSpaces();
      if (text.startsWith("_:", at)) {
        int start = at;
        while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
          at++;
        }
        return text.substring(start, at);
      }
      return iri(role);
    }

    String iri(String role) {
      skipSpaces();
      if (peek() != '<') {
        error =
            "the "
                + role
                + " must be an IRI in <...>"
                + (role.equals("predicate") ? "" : " or a blank node _:x");
        return null;
      }
      int end = text.indexOf('>', at);
      if (end < 0) {
        error = "the " + role + " IRI is not closed with '>'";
        return null;
      }
      String iri = text.substring(at + 1, end);
      at = end + 1;
      return iri;
    }

    String literal() {
      StringBuilder value = new StringBuilder();
      at++;
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\' && at < text.length()) {
          char escaped = text.charAt(at++);
          value.append(
              switch (escaped) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                default -> escaped;
              });
        } else {
          value.append(c);
        }
      }
      error = "the literal is not closed with '\"'";
      return null;
    }

    String literalSuffix() {
      if (peek() == '@') {
        int start = at;
        while (at < text.length() && !Character.isWhitespace(text.charAt(at)) && peek() != '.') {
          at++;
        }
        return text.substring(start, at);
      }
      if (text.startsWith("^^", at)) {
        at += 2;
        return iri("datatype");
      }
      return null;
    }
  }
}

package io.cdrvault.ingest.format.asterisk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Which column of a Master.csv line holds which Asterisk CDR field: one of the three layouts
 * {@code cdr_csv} writes (16, 18 or 21 columns) or one given by the source option {@code columns}.
 * Also holds the label each column is named by in reject details ({@code asterisk-csv column 10
 * 'start'}). Immutable and thread-safe.
 */
final class ColumnLayout {

  /** The fields {@code cdr_csv} can write, by their Asterisk names. */
  enum Field {
    ACCOUNTCODE, SRC, DST, DCONTEXT, CLID, CHANNEL, DSTCHANNEL, LASTAPP, LASTDATA, START, ANSWER, END,
    DURATION, BILLSEC, DISPOSITION, AMAFLAGS, UNIQUEID, USERFIELD, PEERACCOUNT, LINKEDID, SEQUENCE;

    final String columnName = name().toLowerCase(Locale.ROOT);
  }

  /** Fields a layout given by option {@code columns} must contain. */
  static final EnumSet<Field> REQUIRED = EnumSet.of(Field.SRC, Field.DST, Field.START, Field.END,
      Field.DURATION, Field.BILLSEC, Field.DISPOSITION);

  static final ColumnLayout BASE16 = standard(16);
  static final ColumnLayout UNIQUEID18 = standard(18);
  static final ColumnLayout LINKED21 = standard(21);

  private final int columns;
  /** Field ordinal → 0-based column, or -1 if the layout lacks it. */
  private final int[] index;
  private final String[] labels;

  private ColumnLayout(int columns, int[] index, String[] labels) {
    this.columns = columns;
    this.index = index;
    this.labels = labels;
  }

  private static ColumnLayout standard(int n) {
    Field[] all = Field.values();
    List<String> names = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      names.add(all[i].columnName);
    }
    return of(names);
  }

  private static ColumnLayout of(List<String> names) {
    int[] index = new int[Field.values().length];
    Arrays.fill(index, -1);
    String[] labels = new String[names.size()];
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      labels[i] = "asterisk-csv column " + (i + 1) + " '" + name + "'";
      for (Field f : Field.values()) {
        if (f.columnName.equals(name)) {
          index[f.ordinal()] = i;
        }
      }
    }
    return new ColumnLayout(names.size(), index, labels);
  }

  /** The layout {@code cdr_csv} writes with this many columns, or null if it writes none. */
  static ColumnLayout forCount(int count) {
    return switch (count) {
      case 16 -> BASE16;
      case 18 -> UNIQUEID18;
      case 21 -> LINKED21;
      default -> null;
    };
  }

  /**
   * Parses option {@code columns}: a comma-separated list of column names (Asterisk field names;
   * other names are allowed and ignored, e.g. for a custom column).
   *
   * @param problems receives what is wrong (names option and column names, which are not personal data)
   * @return the layout, or null if {@code problems} grew
   */
  static ColumnLayout parse(String option, List<String> problems) {
    List<String> names = new ArrayList<>();
    int before = problems.size();
    for (String part : option.split(",", -1)) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        problems.add("asterisk-csv option 'columns': column " + (names.size() + 1) + " has no name");
      } else if (names.contains(name)) {
        problems.add("asterisk-csv option 'columns': column '" + name + "' is named twice");
      }
      names.add(name);
    }
    for (Field f : REQUIRED) {
      if (!names.contains(f.columnName)) {
        problems.add("asterisk-csv option 'columns': required column '" + f.columnName + "' is missing");
      }
    }
    return problems.size() == before ? of(names) : null;
  }

  int columns() {
    return columns;
  }

  /** The 0-based column of {@code f}, or -1. */
  int column(Field f) {
    return index[f.ordinal()];
  }

  boolean has(Field f) {
    return index[f.ordinal()] >= 0;
  }

  /** How reject details name the column (1-based number and name). */
  String label(int column) {
    return labels[column];
  }
}

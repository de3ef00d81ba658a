package io.cdcflow.catalog.dialect.postgres;

/**
 * What a PostgreSQL type modifier ({@code atttypmod}) declares, decoded the way {@code format_type}
 * prints it: a length for character and bit types, precision and scale for numeric, fractional
 * seconds digits for time and timestamp types (put in {@code scale}).
 */
record PostgresTypeModifier(Integer length, Integer precision, Integer scale) {

  private static final long BPCHAR = 1042;
  private static final long VARCHAR = 1043;
  private static final long BIT = 1560;
  private static final long VARBIT = 1562;
  private static final long NUMERIC = 1700;
  private static final long TIME = 1083;
  private static final long TIMETZ = 1266;
  private static final long TIMESTAMP = 1114;
  private static final long TIMESTAMPTZ = 1184;

  /** The varlena header size that character and numeric modifiers include. */
  private static final int VARHDRSZ = 4;

  /** PostgreSQL keeps microseconds when a time or timestamp declares no precision. */
  private static final int DEFAULT_SECONDS_DIGITS = 6;

  private static final PostgresTypeModifier NONE = new PostgresTypeModifier(null, null, null);

  /**
   * @param typeOid the oid of a scalar (non-domain, non-array) type
   * @param typmod its modifier, -1 when none was declared
   */
  static PostgresTypeModifier of(long typeOid, int typmod) {
    if (typeOid == BPCHAR || typeOid == VARCHAR) {
      return typmod >= VARHDRSZ ? new PostgresTypeModifier(typmod - VARHDRSZ, null, null) : NONE;
    }
    if (typeOid == BIT || typeOid == VARBIT) {
      return typmod >= 0 ? new PostgresTypeModifier(typmod, null, null) : NONE;
    }
    if (typeOid == NUMERIC) {
      if (typmod < VARHDRSZ) {
        return NONE;
      }
      int packed = typmod - VARHDRSZ;
      int precision = (packed >> 16) & 0xffff;
      // PostgreSQL 15+ allows a negative scale: 11 bits, two's complement
      int scale = ((packed & 0x7ff) ^ 1024) - 1024;
      return new PostgresTypeModifier(null, precision, scale);
    }
    if (typeOid == TIME || typeOid == TIMETZ || typeOid == TIMESTAMP || typeOid == TIMESTAMPTZ) {
      return new PostgresTypeModifier(null, null, typmod >= 0 ? typmod : DEFAULT_SECONDS_DIGITS);
    }
    return NONE;
  }
}

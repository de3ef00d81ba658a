package io.cdcflow.api.quality;

import java.util.List;

/** One row as normalised text: its key values and all compared values, in column order. */
record NormalisedRow(List<String> key, List<String> values) {}

package io.cdcflow.api.quality;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Body of {@code POST .../data-quality/checksum}.
 *
 * @param table the source table, {@code schema.table} (MySQL: {@code database.table})
 * @param from the inclusive lower key bound: a value for a single-column key ({@code 100}), or an
 *     object with a value per key column ({@code {"region": "eu", "id": 100}}); absent = unbounded
 * @param to the inclusive upper key bound, same shape
 * @param limit the most source rows to read (default 10,000, at most 100,000)
 */
public record ChecksumRequest(String table, JsonNode from, JsonNode to, Integer limit) {}

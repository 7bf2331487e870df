package io.reembed.plan;

import java.math.BigDecimal;

import io.reembed.job.ModelChoice;

/**
 * What a backfill of one client's table would take, counted without embedding.
 *
 * @param table configured table name
 * @param clientId tenant whose rows are counted
 * @param vectorType which text template the rows are rendered with
 * @param model the model it would embed with, and why
 * @param rows rows in scope: the client's active rows
 * @param emptyTexts rows in scope whose template gives no text: they would be dead-lettered, not embedded
 * @param tokens tokens the model would be given, in its own tokenizer, after long texts are cut to its limit
 * @param truncated texts longer than the model's limit, which would be cut
 * @param requests embedding requests: one per chunk, split further by the provider's limits
 * @param cost US dollars at the model's configured price; zero for local models
 * @param pace how long the embedding would take
 */
public record TablePlan(String table, String clientId, String vectorType, ModelChoice model, long rows,
		long emptyTexts, long tokens, long truncated, long requests, BigDecimal cost, Pace pace) {
}

/**
 * Backfill plans: what backfilling a client's table would take (rows, tokens, requests, cost, time and the model),
 * counted without embedding anything or calling any provider.
 */
@NullMarked
package io.reembed.plan;

import org.jspecify.annotations.NullMarked;

package io.reembed.plan;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How long a backfill's embedding would take.
 *
 * @param time the estimate at the provider's quota; absent when this machine, not a quota, bounds it
 * @param boundBy what bounds it, e.g. {@code openai quota} or {@code this machine}
 */
public record Pace(@Nullable Duration time, String boundBy) {

	/** What a local model's time is bound by. */
	public static final String THIS_MACHINE = "this machine";

	/** A local model's: as fast as this machine embeds. */
	public static Pace thisMachine() {
		return new Pace(null, THIS_MACHINE);
	}

}

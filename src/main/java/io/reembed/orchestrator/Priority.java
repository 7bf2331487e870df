package io.reembed.orchestrator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How urgent a job is: the scheduler starts the highest priority first, and the first submitted within one.
 */
public enum Priority {

	/** Background work. */
	LOW,
	/** Standard work, the default. */
	MEDIUM,
	/** Important updates. */
	HIGH,
	/** Emergency re-embedding. */
	CRITICAL;

	/**
	 * The priority of that name, in any case.
	 * @throws InvalidJobRequestException naming the priorities there are
	 */
	public static Priority parse(String name) {
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJobRequestException("Unknown priority '" + name + "'; priorities: "
					+ Arrays.stream(values()).map(Priority::name).collect(Collectors.joining(", ")), ex);
		}
	}

}

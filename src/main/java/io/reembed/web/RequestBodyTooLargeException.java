package io.reembed.web;

import java.io.IOException;

import org.springframework.util.unit.DataSize;

/**
 * A request body longer than the API reads, found while it was being read because it came without a length.
 */
class RequestBodyTooLargeException extends IOException {

	RequestBodyTooLargeException(DataSize limit) {
		super(message(limit));
	}

	static String message(DataSize limit) {
		return "Request body is larger than the " + limit.toKilobytes() + " KB limit";
	}

}

package io.reembed.job;

/**
 * A row whose template yields no text: there is nothing to embed, so the row is dead-lettered.
 */
public class EmptyTextException extends RuntimeException {

	public EmptyTextException(String table, String recordId, String vectorType) {
		super("Row " + recordId + " of table '" + table + "' has no text for vector type '" + vectorType
				+ "': every column of its template is null or blank");
	}

}

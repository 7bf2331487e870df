package io.reembed.orchestrator;

/**
 * No job of the orchestrator has that id.
 */
public class JobNotFoundException extends NotFoundException {

	public JobNotFoundException(long id) {
		super("There is no job " + id);
	}

}

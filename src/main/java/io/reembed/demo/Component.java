package io.reembed.demo;

import java.util.List;

/**
 * One area of the product that issues, pull requests and reviews talk about, with the phrases its team would use.
 * Features are singular noun phrases and symptoms are written for them, so that any feature with any symptom reads
 * as a plausible sentence ("login" + "fails" + "after password reset").
 *
 * @param name how people refer to it ("authentication")
 * @param label its issue label ("auth")
 * @param repository repository name without the organisation
 * @param affected who suffers when it breaks ("Users", "Developers", "Admins")
 * @param classes class names seen in its stack traces and reviews
 * @param features parts of it that break, lower case unless a proper noun
 * @param symptoms how they break
 * @param conditions when they break
 * @param actions what the user was doing, as a gerund phrase
 * @param abilities what the affected people cannot do when it breaks
 * @param errors error messages from its logs
 * @param steps steps to reproduce, in order
 * @param expected expected results
 * @param actual actual results
 * @param requests feature requests, imperative
 * @param tasks maintenance tasks, imperative
 * @param improvements improvements, imperative
 * @param refactorings refactorings, imperative
 */
record Component(String name, String label, String repository, String affected, List<String> classes,
		List<String> features, List<Symptom> symptoms, List<String> conditions, List<String> actions,
		List<String> abilities, List<String> errors, List<String> steps, List<String> expected, List<String> actual,
		List<String> requests, List<String> tasks, List<String> improvements, List<String> refactorings) {

	/**
	 * How a feature breaks, in the two forms titles need: "Login fails" and "Fix login failing".
	 *
	 * @param present third person present ("fails")
	 * @param gerund gerund ("failing")
	 */
	record Symptom(String present, String gerund) {
	}

}

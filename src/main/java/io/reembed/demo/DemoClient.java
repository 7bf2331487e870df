package io.reembed.demo;

import java.util.List;

/**
 * A tenant of the demo tracker. Each has its own organisation and people, so that search results of one client
 * visibly differ from the other's even on the same topic.
 *
 * @param id the value of the client column
 * @param organisation repository owner and Java package segment
 * @param people user names of its team members
 */
record DemoClient(long id, String organisation, List<String> people) {

	static final DemoClient NORTHWIND = new DemoClient(42, "northwind", List.of("maria.gonzalez", "kenji.sato",
			"olga.ivanova", "ahmed.hassan", "priya.nair", "tom.becker", "lucia.rossi", "daniel.kim"));

	static final DemoClient GLOBEX = new DemoClient(7, "globex", List.of("sam.oconnor", "fatima.zahra", "li.wei",
			"jonas.berg", "ana.souza", "mike.turner", "yuki.tanaka", "ivan.petrov"));

	/** The larger client holds about this share of the rows. */
	static final int NORTHWIND_PERCENT = 60;

}

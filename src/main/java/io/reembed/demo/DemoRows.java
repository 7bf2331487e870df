package io.reembed.demo;

import static io.reembed.demo.Phrases.between;
import static io.reembed.demo.Phrases.capitalize;
import static io.reembed.demo.Phrases.decapitalize;
import static io.reembed.demo.Phrases.fit;
import static io.reembed.demo.Phrases.percent;
import static io.reembed.demo.Phrases.pick;
import static io.reembed.demo.Phrases.version;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import io.reembed.demo.Component.Symptom;

import org.jspecify.annotations.Nullable;

/**
 * Builds demo rows. Every row draws from its own {@link Random}, seeded from the generator seed, the table and the
 * row id, so a row does not depend on how many rows were generated before it or in which batch: inserting 1,000
 * rows at once or in two calls of 400 and 600 gives the same table.
 */
final class DemoRows {

	static final LocalDateTime EPOCH = LocalDateTime.of(2023, 1, 2, 8, 0);

	/** About two and a half years of history. */
	private static final int HISTORY_SECONDS = 900 * 24 * 3600;

	private static final int EDIT_SECONDS = 120 * 24 * 3600;

	private static final int REVIEW_SECONDS = 14 * 24 * 3600;

	private static final int TITLE_LENGTH = 300;

	private static final int SUMMARY_LENGTH = 2000;

	private static final int LABELS_LENGTH = 300;

	private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS",
			Locale.ROOT);

	private static final List<String> METHODS = List.of("handle", "process", "refresh", "execute", "apply",
			"validate", "load", "submit", "resolve", "render");

	private static final List<@Nullable String> BLANKS = Arrays.asList(null, "", " ", "  \n\t");

	private DemoRows() {
	}

	/** The random source of one row; SplitMix64 spreads neighbouring ids, which {@link Random} alone would not. */
	static Random random(long seed, DemoTable table, long id) {
		long z = seed + (table.ordinal() + 1) * 0x9E3779B97F4A7C15L + id * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return new Random(z ^ (z >>> 31));
	}

	static IssueRow issue(long seed, long id) {
		Random random = random(seed, DemoTable.ISSUES, id);
		Header header = header(random);
		boolean blank = random.nextInt(100) == 0;
		boolean active = random.nextInt(100) != 0;
		boolean exotic = random.nextInt(50) == 0;
		LocalDateTime updatedAt = header.createdAt().plusSeconds(random.nextInt(EDIT_SECONDS));
		long clientId = header.client().id();
		if (blank) {
			return new IssueRow(id, clientId, blank(random), blank(random), blank(random), blank(random),
					blank(random), blank(random), blank(random), blank(random), active, header.createdAt(), updatedAt);
		}
		int kind = random.nextInt(100);
		String type = (kind < 45) ? "bug" : (kind < 65) ? "feature" : (kind < 80) ? "task" : "improvement";
		Text text = switch (type) {
			case "bug" -> bug(random, header);
			case "feature" -> feature(random, header);
			case "task" -> task(random, header);
			default -> improvement(random, header);
		};
		String status = weighted(random, new String[] { "open", "in progress", "in review", "resolved", "closed" },
				new int[] { 30, 20, 10, 20, 20 });
		String priority = weighted(random, new String[] { "low", "medium", "high", "critical" },
				new int[] { 25, 40, 25, 10 });
		String labels = issueLabels(random, header.component(), type, status, text);
		if (exotic) {
			text = exotic(random, header.component(), text);
		}
		if (random.nextInt(1000) == 0) {
			// A pasted log far longer than any model accepts, so the demo also shows truncation.
			text = text.withContent(text.content() + "\n\nFull log:\n"
					+ longLog(random, header, between(random, 8_000, 120_000)));
		}
		return new IssueRow(id, clientId, fit(text.title(), TITLE_LENGTH), fit(text.summary(), SUMMARY_LENGTH),
				text.description(), text.content(), status, priority, type, fit(labels, LABELS_LENGTH), active,
				header.createdAt(), updatedAt);
	}

	static PullRequestRow pullRequest(long seed, long id) {
		Random random = random(seed, DemoTable.PULL_REQUESTS, id);
		Header header = header(random);
		boolean blank = random.nextInt(100) == 0;
		boolean active = random.nextInt(100) != 0;
		boolean exotic = random.nextInt(50) == 0;
		LocalDateTime updatedAt = header.createdAt().plusSeconds(random.nextInt(EDIT_SECONDS));
		long clientId = header.client().id();
		if (blank) {
			return new PullRequestRow(id, clientId, blank(random), blank(random), blank(random), blank(random),
					blank(random), blank(random), blank(random), active, header.createdAt(), updatedAt);
		}
		Component component = header.component();
		int kind = random.nextInt(100);
		String type = (kind < 45) ? "fix" : (kind < 65) ? "feature" : (kind < 85) ? "refactor" : "chore";
		Text text = switch (type) {
			case "fix" -> fixPullRequest(random, header);
			case "feature" -> featurePullRequest(random, header);
			case "refactor" -> refactorPullRequest(random, header);
			default -> chorePullRequest(random, header);
		};
		String status = weighted(random, new String[] { "open", "draft", "in review", "approved", "merged", "closed" },
				new int[] { 25, 10, 20, 10, 30, 5 });
		Set<String> labels = new LinkedHashSet<>();
		labels.add(type.equals("fix") ? "bug" : type);
		labels.add(component.label());
		if (percent(random, 15)) {
			labels.add("backport");
		}
		if (type.equals("chore")) {
			labels.add("dependencies");
		}
		if (percent(random, 5)) {
			labels.add("breaking-change");
		}
		if (exotic) {
			text = new Text(text.title() + " " + pick(random, Phrases.EMOJI), text.summary(),
					text.description() + "\n\n" + pick(random, Phrases.THANKS), text.content());
		}
		String repository = header.client().organisation() + "/" + component.repository();
		String author = pick(random, header.client().people());
		return new PullRequestRow(id, clientId, fit(text.title(), TITLE_LENGTH), fit(text.summary(), SUMMARY_LENGTH),
				text.description(), status, String.join(", ", labels), repository, author, active, header.createdAt(),
				updatedAt);
	}

	/**
	 * A review comment on one of the first {@code pullRequests} pull requests; it belongs to that pull request's
	 * client and talks about its product area.
	 */
	static PullRequestCommentRow comment(long seed, long id, long pullRequests) {
		Random random = random(seed, DemoTable.PULL_REQUEST_COMMENTS, id);
		long pullRequestId = 1 + Math.floorMod(random.nextLong(), Math.max(1, pullRequests));
		Header pullRequest = header(random(seed, DemoTable.PULL_REQUESTS, pullRequestId));
		boolean blank = random.nextInt(100) == 0;
		boolean active = random.nextInt(100) != 0;
		boolean exotic = random.nextInt(50) == 0;
		LocalDateTime createdAt = pullRequest.createdAt().plusSeconds(random.nextInt(REVIEW_SECONDS));
		LocalDateTime updatedAt = percent(random, 20) ? createdAt.plusSeconds(random.nextInt(3600 * 24)) : createdAt;
		long clientId = pullRequest.client().id();
		if (blank) {
			return new PullRequestCommentRow(id, clientId, pullRequestId, blank(random), blank(random), active,
					createdAt, updatedAt);
		}
		String author = pick(random, pullRequest.client().people());
		StringBuilder content = new StringBuilder();
		int kind = random.nextInt(100);
		if (kind < 15) {
			content.append(fill(random, pullRequest, pick(random, Phrases.REPLIES)));
		}
		else if (kind < 45) {
			content.append(fill(random, pullRequest, pick(random, Phrases.APPROVALS)));
			if (percent(random, 30)) {
				content.append(" Nit: ").append(fill(random, pullRequest, pick(random, Phrases.NITS)));
			}
		}
		else {
			if (percent(random, 30)) {
				content.append("Line ").append(between(random, 12, 480)).append(": ");
			}
			List<String> remarks = distinct(random, Phrases.REVIEWS, between(random, 1, 2));
			for (int i = 0; i < remarks.size(); i++) {
				content.append((i > 0) ? " " : "").append(fill(random, pullRequest, remarks.get(i)));
			}
		}
		if (percent(random, 8)) {
			content.append("\n\n```suggestion\n").append(pick(random, Phrases.SUGGESTIONS)).append("\n```");
		}
		if (exotic) {
			content.append(' ').append(pick(random, Phrases.THANKS));
		}
		return new PullRequestCommentRow(id, clientId, pullRequestId, author, content.toString(), active, createdAt,
				updatedAt);
	}

	private static Header header(Random random) {
		DemoClient client = (random.nextInt(100) < DemoClient.NORTHWIND_PERCENT) ? DemoClient.NORTHWIND
				: DemoClient.GLOBEX;
		Component component = pick(random, Components.ALL);
		return new Header(client, component, EPOCH.plusSeconds(random.nextInt(HISTORY_SECONDS)));
	}

	private static Text bug(Random random, Header header) {
		Component component = header.component();
		String feature = pick(random, component.features());
		Symptom symptom = pick(random, component.symptoms());
		String condition = pick(random, component.conditions());
		String where = pick(random, Phrases.TITLE_ENVIRONMENTS);
		String action = pick(random, component.actions());
		String release = version(random);
		String title = switch (random.nextInt(6)) {
			case 0, 1 -> capitalize(feature) + " " + symptom.present() + " " + condition;
			case 2 -> capitalize(feature) + " " + symptom.present() + " " + where;
			case 3 -> capitalize(feature) + " " + symptom.present() + " " + condition + " " + where;
			case 4 -> component.affected() + " cannot " + pick(random, component.abilities())
					+ (random.nextBoolean() ? " " + where : "");
			default -> pick(random, Phrases.PROBLEMS) + " when " + action;
		};
		if (random.nextInt(20) == 0) {
			title = "Regression: " + title;
		}
		title = prefixed(random, component, title);

		String summary = switch (random.nextInt(4)) {
			case 0 -> capitalize(feature) + " " + symptom.present() + " " + condition + ".";
			case 1 -> component.affected() + " report that " + feature + " " + symptom.present() + " " + condition
					+ ".";
			case 2 -> "Since release " + release + ", " + feature + " " + symptom.present() + " " + condition + ".";
			default -> "When " + action + " " + where + ", " + feature + " " + symptom.present() + ".";
		};
		if (percent(random, 60)) {
			summary += " " + impact(random, header);
		}

		StringBuilder description = new StringBuilder();
		description.append("When ").append(action).append(", ").append(feature).append(' ')
			.append(symptom.present()).append(' ').append(condition).append(". We first noticed it ")
			.append(fill(random, header, pick(random, Phrases.NOTICED))).append('.');
		if (percent(random, 50)) {
			description.append(' ').append(impact(random, header));
		}
		description.append("\n\nSteps to reproduce:\n");
		List<String> steps = steps(random, component);
		for (int i = 0; i < steps.size(); i++) {
			description.append(i + 1).append(". ").append(steps.get(i)).append('\n');
		}
		int outcome = random.nextInt(component.expected().size());
		description.append("\nExpected result: ").append(component.expected().get(outcome));
		description.append("\nActual result: ").append(component.actual().get(outcome));
		String error = pick(random, component.errors());
		if (percent(random, 70)) {
			description.append("\n\nError: ").append(error);
		}
		description.append("\n\nEnvironment: ").append(pick(random, Phrases.ENVIRONMENTS)).append(", release ")
			.append(release);

		StringBuilder content = new StringBuilder();
		if (percent(random, 60)) {
			content.append("Log excerpt:\n").append(logExcerpt(random, header, error)).append("\n\n");
		}
		content.append(notes(random, header, Phrases.INVESTIGATION, between(random, 1, 4)));
		return new Text(title, summary, description.toString(), content.toString());
	}

	private static Text feature(Random random, Header header) {
		Component component = header.component();
		String request = pick(random, component.requests());
		String title = prefixed(random, component, scoped(random, request, Phrases.SCOPES));
		String benefit = pick(random, Phrases.BENEFITS);
		String summary = percent(random, 60)
				? "As " + pick(random, Phrases.PERSONAS) + ", I would like us to " + decapitalize(request)
						+ " so that " + benefit + "."
				: request + ". " + between(random, 3, 40) + " customers asked for it this quarter.";
		StringBuilder description = new StringBuilder();
		description.append(request).append(" in the ").append(component.name()).append(" area. Today ")
			.append(component.affected().toLowerCase(Locale.ROOT)).append(" have to ")
			.append(pick(random, Phrases.TODAY)).append(", and ").append(benefit).append(" once this ships.")
			.append("\n\nAcceptance criteria:\n");
		for (String criterion : distinct(random, Phrases.CRITERIA, between(random, 2, 4))) {
			description.append("- ").append(criterion).append('\n');
		}
		description.append("\nOut of scope: ").append(decapitalize(pick(random, component.improvements())))
			.append('.');
		String content = notes(random, header, Phrases.DISCUSSION, between(random, 1, 3));
		return new Text(title, summary, description.toString(), content);
	}

	private static Text task(Random random, Header header) {
		Component component = header.component();
		String task = pick(random, component.tasks());
		String reason = fill(random, header, pick(random, Phrases.REASONS));
		String summary = "We need to " + decapitalize(task) + " " + pick(random, Phrases.DEADLINES) + ". " + reason;
		StringBuilder description = new StringBuilder();
		description.append("Why: ").append(reason).append("\n\nPlan:\n");
		for (String step : distinct(random, Phrases.PLAN, between(random, 2, 4))) {
			description.append("- ").append(step).append('\n');
		}
		description.append("\nDone when ").append(pick(random, Phrases.DONE_WHEN)).append("\nOwner: the ")
			.append(component.name()).append(" team.");
		String content = notes(random, header, Phrases.DISCUSSION, between(random, 0, 2));
		return new Text(prefixed(random, component, scoped(random, task, Phrases.PARTS)), summary,
				description.toString(), content);
	}

	private static Text improvement(Random random, Header header) {
		Component component = header.component();
		String improvement = pick(random, component.improvements());
		String feature = pick(random, component.features());
		Symptom symptom = pick(random, component.symptoms());
		String condition = pick(random, component.conditions());
		String source = pick(random, Phrases.SOURCES);
		String summary = "We should " + decapitalize(improvement) + ". This came up in " + source + ".";
		String description = improvement + ".\n\nThis came up in " + source + ": " + feature + " "
				+ symptom.present() + " " + condition + " (see #" + between(random, 1, 3_000) + ").\n\n"
				+ "How we will measure it: " + pick(random, Phrases.MEASURES) + ".";
		String content = notes(random, header,
				random.nextBoolean() ? Phrases.DISCUSSION : Phrases.INVESTIGATION, between(random, 1, 3));
		return new Text(prefixed(random, component, scoped(random, improvement, Phrases.SCOPES)), summary,
				description, content);
	}

	private static Text fixPullRequest(Random random, Header header) {
		Component component = header.component();
		String feature = pick(random, component.features());
		Symptom symptom = pick(random, component.symptoms());
		String condition = pick(random, component.conditions());
		String cause = pick(random, Phrases.CAUSES);
		String className = pick(random, component.classes());
		int issue = between(random, 1, 3_000);
		String title = percent(random, 20)
				? "fix(" + component.label() + "): " + feature + " " + symptom.gerund() + " " + condition
				: "Fix " + feature + " " + symptom.gerund() + " " + condition;
		String summary = "Fixes #" + issue + ", where " + feature + " " + symptom.present() + " " + condition
				+ ". The root cause was " + cause + " in " + className + ".";
		StringBuilder description = new StringBuilder();
		int outcome = random.nextInt(component.expected().size());
		description.append("## What\nFixes ").append(cause).append(" in ").append(className)
			.append(". Without this change, ").append(feature).append(' ').append(symptom.present()).append(' ')
			.append(condition).append(".\n\n## Why\nReported in #").append(issue).append(": ")
			.append(component.actual().get(outcome)).append(' ').append(impact(random, header))
			.append("\n\n## How to test\n");
		List<String> steps = steps(random, component);
		for (int i = 0; i < steps.size(); i++) {
			description.append(i + 1).append(". ").append(steps.get(i)).append('\n');
		}
		description.append("\nExpected: ").append(component.expected().get(outcome)).append("\n\n## Notes\n");
		for (String note : distinct(random, Phrases.PR_NOTES, between(random, 1, 2))) {
			description.append("- ").append(fill(random, header, note)).append('\n');
		}
		return new Text(title, summary, description.toString().strip(), "");
	}

	private static Text featurePullRequest(Random random, Header header) {
		Component component = header.component();
		String request = pick(random, component.requests());
		int issue = between(random, 1, 3_000);
		String title = percent(random, 20) ? "feat(" + component.label() + "): " + decapitalize(request) : request;
		String summary = "Implements #" + issue + ": " + decapitalize(request) + ". Behind a feature flag until the "
				+ component.name() + " team has tested it.";
		StringBuilder description = new StringBuilder();
		description.append("## What\n").append(request).append(", as discussed in #").append(issue)
			.append(".\n\n## Why\nRequested by ").append(between(random, 3, 40)).append(" customers; ")
			.append(pick(random, Phrases.BENEFITS)).append(".\n\n## How to test\n1. Enable the feature flag for your ")
			.append("workspace\n");
		List<String> steps = steps(random, component);
		for (int i = 0; i < steps.size(); i++) {
			description.append(i + 2).append(". ").append(steps.get(i)).append('\n');
		}
		description.append("\n## Screenshots\nSee the recording attached to #").append(issue).append('.');
		return new Text(title, summary, description.toString(), "");
	}

	private static Text refactorPullRequest(Random random, Header header) {
		Component component = header.component();
		String refactoring = pick(random, component.refactorings());
		String className = pick(random, component.classes());
		String reason = fill(random, header, pick(random, Phrases.REFACTOR_REASONS));
		String title = percent(random, 20) ? "refactor(" + component.label() + "): " + decapitalize(refactoring)
				: refactoring;
		String summary = reason + " No behaviour change intended.";
		String description = "## What\n" + refactoring + ".\n\n## Why\n" + reason + "\n\n## Risk\n"
				+ pick(random, Phrases.RISKS) + "\n\n## How to test\nThe existing tests cover this; "
				+ "run the " + component.name() + " suite and check " + className + "Tests.";
		return new Text(title, summary, description, "");
	}

	private static Text chorePullRequest(Random random, Header header) {
		Component component = header.component();
		String title;
		if (percent(random, 60)) {
			title = pick(random, component.tasks());
		}
		else {
			title = (random.nextBoolean() ? "chore(deps): bump " : "Bump ") + pick(random, Phrases.LIBRARIES);
		}
		String reason = fill(random, header, pick(random, Phrases.REASONS));
		String description = "## What\n" + capitalize(title) + ".\n\n## Why\n" + reason + "\n\n## Checklist\n"
				+ "- [x] Tests pass locally\n- [" + (random.nextBoolean() ? "x" : " ") + "] Changelog updated\n"
				+ "- [x] No new warnings in the build";
		return new Text(title, reason, description, "");
	}

	private static String notes(Random random, Header header, List<String> templates, int count) {
		StringBuilder notes = new StringBuilder();
		for (String template : distinct(random, templates, count)) {
			if (notes.length() > 0) {
				notes.append("\n\n");
			}
			notes.append('@').append(pick(random, header.client().people())).append(": ")
				.append(fill(random, header, template));
		}
		return notes.toString();
	}

	/**
	 * Fills the named blanks of a template from the row's product area. Values are drawn only for the blanks the
	 * template has, in their order, which keeps rows reproducible; two {@code {env}} blanks get different values.
	 */
	static String fill(Random random, Header header, String template) {
		Component component = header.component();
		StringBuilder text = new StringBuilder(template.length() + 64);
		String lastEnvironment = "";
		int from = 0;
		int open;
		while ((open = template.indexOf('{', from)) >= 0) {
			int close = template.indexOf('}', open);
			text.append(template, from, open);
			String name = template.substring(open + 1, close);
			String value = switch (name) {
				case "feature" -> pick(random, component.features());
				case "Feature" -> capitalize(pick(random, component.features()));
				case "symptom" -> pick(random, component.symptoms()).present();
				case "condition" -> pick(random, component.conditions());
				case "action" -> pick(random, component.actions());
				case "class" -> pick(random, component.classes());
				case "component" -> component.name();
				case "repository" -> component.repository();
				case "env" -> {
					String environment;
					do {
						environment = pick(random, Phrases.TITLE_ENVIRONMENTS);
					}
					while (environment.equals(lastEnvironment));
					lastEnvironment = environment;
					yield environment;
				}
				case "version" -> version(random);
				case "workaround" -> pick(random, Phrases.WORKAROUNDS);
				case "n" -> Integer.toString(between(random, 2, 40));
				case "percent" -> Integer.toString(between(random, 1, 30));
				case "issue" -> Integer.toString(between(random, 1, 3_000));
				default -> throw new IllegalArgumentException("Unknown blank {" + name + "} in: " + template);
			};
			text.append(value);
			from = close + 1;
		}
		return text.append(template, from, template.length()).toString();
	}

	private static String impact(Random random, Header header) {
		return fill(random, header, pick(random, Phrases.IMPACTS));
	}

	/** Three to all steps, in their order, always starting with the first one. */
	private static List<String> steps(Random random, Component component) {
		List<String> all = component.steps();
		List<String> steps = new ArrayList<>();
		steps.add(all.get(0));
		int skip = (all.size() > 3 && random.nextBoolean()) ? 1 + random.nextInt(all.size() - 2) : -1;
		for (int i = 1; i < all.size(); i++) {
			if (i != skip) {
				steps.add(all.get(i));
			}
		}
		return steps;
	}

	private static String scoped(Random random, String title, List<String> scopes) {
		return percent(random, 40) ? title + " " + pick(random, scopes) : title;
	}

	private static String prefixed(Random random, Component component, String title) {
		return (random.nextInt(7) == 0) ? "[" + capitalize(component.name()) + "] " + title : title;
	}

	private static String issueLabels(Random random, Component component, String type, String status, Text text) {
		Set<String> labels = new LinkedHashSet<>();
		labels.add(type);
		labels.add(component.label());
		if (type.equals("bug") && percent(random, 25)) {
			labels.add("customer-reported");
		}
		if (text.title().startsWith("Regression") || (type.equals("bug") && percent(random, 8))) {
			labels.add("regression");
		}
		if (component.label().equals("auth") && percent(random, 40)) {
			labels.add("security");
		}
		String summary = text.summary();
		if (summary.contains("slow") || summary.contains("times out") || summary.contains("latency")) {
			labels.add("performance");
		}
		if (status.equals("open") && percent(random, 30)) {
			labels.add("needs-triage");
		}
		if (type.equals("task") && percent(random, 30)) {
			labels.add("tech-debt");
		}
		if (type.equals("feature") && percent(random, 20)) {
			labels.add("ux");
		}
		if (percent(random, 4)) {
			labels.add("good first issue");
		}
		return String.join(", ", labels);
	}

	private static Text exotic(Random random, Component component, Text text) {
		String emoji = pick(random, Phrases.EMOJI);
		String title = random.nextBoolean() ? emoji + " " + text.title() : text.title() + " " + emoji;
		String quote = pick(random, component.label().equals("auth") ? Phrases.LOGIN_QUOTES : Phrases.GENERAL_QUOTES);
		return new Text(title, text.summary() + " Customer quote: \"" + quote + "\"",
				text.description() + "\n\nOriginal report: " + quote + " " + emoji, text.content());
	}

	private static String logExcerpt(Random random, Header header, String error) {
		LocalDateTime time = header.createdAt().minusSeconds(between(random, 300, 36_000))
			.plusNanos(random.nextInt(1000) * 1_000_000L);
		StringBuilder log = new StringBuilder();
		appendLogLine(log, random, header, time, "ERROR", error);
		appendStackTrace(log, random, header, between(random, 2, 5));
		return log.toString().stripTrailing();
	}

	private static String longLog(Random random, Header header, int length) {
		Component component = header.component();
		LocalDateTime time = header.createdAt().minusHours(2);
		StringBuilder log = new StringBuilder(length + 512);
		while (log.length() < length) {
			time = time.plusNanos(between(random, 1, 900) * 1_000_000L);
			int kind = random.nextInt(10);
			if (kind < 6) {
				appendLogLine(log, random, header, time, "INFO", "Handled " + pick(random, component.actions())
						+ " in " + between(random, 3, 900) + " ms");
			}
			else if (kind < 9) {
				appendLogLine(log, random, header, time, "WARN", "Retrying " + pick(random, component.classes())
						+ " call (attempt " + between(random, 1, 5) + " of 5)");
			}
			else {
				appendLogLine(log, random, header, time, "ERROR", pick(random, component.errors()));
				appendStackTrace(log, random, header, between(random, 3, 8));
			}
		}
		return log.toString().stripTrailing();
	}

	private static void appendLogLine(StringBuilder log, Random random, Header header, LocalDateTime time,
			String level, String message) {
		log.append(LOG_TIME.format(time)).append(' ').append(level).append(" [")
			.append(header.component().repository()).append("] [req-")
			.append(Integer.toHexString(random.nextInt() | 0x10000000)).append("] ").append(message).append('\n');
	}

	private static void appendStackTrace(StringBuilder log, Random random, Header header, int frames) {
		Component component = header.component();
		String javaPackage = "com." + header.client().organisation() + "." + component.label();
		for (int i = 0; i < frames; i++) {
			String className = pick(random, component.classes());
			log.append("\tat ").append(javaPackage).append('.').append(className).append('.')
				.append(pick(random, METHODS)).append('(').append(className).append(".java:")
				.append(between(random, 20, 900)).append(")\n");
		}
		log.append("\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)\n");
	}

	private static @Nullable String blank(Random random) {
		return pick(random, BLANKS);
	}

	private static String weighted(Random random, String[] values, int[] weights) {
		int roll = random.nextInt(100);
		for (int i = 0; i < values.length; i++) {
			roll -= weights[i];
			if (roll < 0) {
				return values[i];
			}
		}
		return values[values.length - 1];
	}

	private static List<String> distinct(Random random, List<String> values, int count) {
		Set<String> picked = new LinkedHashSet<>();
		while (picked.size() < Math.min(count, values.size())) {
			picked.add(pick(random, values));
		}
		return new ArrayList<>(picked);
	}

	/** Where a row comes from: whose it is, what it is about and when it was written. */
	record Header(DemoClient client, Component component, LocalDateTime createdAt) {
	}

	/** The text columns of a row, before they are cut to their column lengths. */
	private record Text(String title, String summary, String description, String content) {

		Text withContent(String newContent) {
			return new Text(this.title, this.summary, this.description, newContent);
		}

	}

}

package io.reembed.demo;

import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.jspecify.annotations.Nullable;

/**
 * Phrases shared by every product area, and the few string helpers the row factory needs. Templates name their
 * blanks ({@code {feature}}, {@code {class}}, {@code {n}}, ...); {@link DemoRows} fills them from the row's product
 * area.
 */
final class Phrases {

	static final List<String> TITLE_ENVIRONMENTS = List.of("on Safari", "on Firefox", "on Chrome", "on Edge",
			"on iOS", "on Android", "in staging", "in production", "on Windows", "on macOS");

	static final List<String> ENVIRONMENTS = List.of("Safari 17.5 on macOS Sonoma", "Chrome 126 on Windows 11",
			"Firefox 127 on Ubuntu 24.04", "Edge 125 on Windows 10", "iOS 17.5 on an iPhone 13",
			"Android 14 on a Pixel 7", "production, EU region", "production, US region", "staging",
			"Samsung Internet on a Galaxy S22");

	static final List<String> SCOPES = List.of("on iOS", "on Android", "in the web app", "for enterprise workspaces",
			"for the EU region", "(phase 2)", "(follow-up)");

	static final List<String> PARTS = List.of("(phase 2)", "(follow-up)", "(part 1 of 2)", "(part 2 of 2)",
			"in staging first");

	static final List<String> PROBLEMS = List.of("Error", "500 error", "Timeout", "Blank screen", "Crash",
			"Misleading error message", "Unexpected logout");

	static final List<String> NOTICED = List.of("after the {version} deploy", "during last night's on-call shift",
			"in the weekly QA pass", "through a customer report to support", "in the error tracker",
			"while testing the release candidate", "from the status page alerts");

	static final List<String> IMPACTS = List.of("Around {percent}% of requests in production are affected.",
			"Support has received {n} tickets about this since Monday.",
			"{n} enterprise customers have escalated it.", "This blocks the {version} release.",
			"Affected users have no workaround.", "It only seems to affect a small number of accounts.",
			"This is the most reported problem this week.");

	static final List<String> PERSONAS = List.of("a workspace admin", "a support agent", "a new customer",
			"a mobile user", "a team lead", "a finance manager", "a developer using the API", "a project manager");

	static final List<String> BENEFITS = List.of("fewer people need to contact support",
			"teams can get started without help", "we match what customers expect from similar tools",
			"enterprise customers can roll it out to all their users", "people save a few minutes every day",
			"we can close several related support tickets");

	static final List<String> TODAY = List.of("ask support for help", "use a browser extension",
			"export the data and do it in a spreadsheet", "do it by hand", "file a support ticket");

	static final List<String> CRITERIA = List.of("Works on web, iOS and Android", "Covered by end-to-end tests",
			"Hidden behind a feature flag until launch", "Documented in the help center",
			"Usable with the keyboard and a screen reader", "Tracked in product analytics",
			"No measurable impact on page load time", "Available on every plan except Free");

	static final List<String> DEADLINES = List.of("before the end of the quarter", "before the next release",
			"this sprint", "before the SOC 2 audit", "before the Black Friday code freeze");

	static final List<String> REASONS = List.of("The current version reaches end of life this quarter.",
			"The upcoming SOC 2 audit requires it.", "It keeps the {component} code base maintainable.",
			"Security scanning flagged the old version.", "Several teams are blocked until this is done.",
			"It removes a recurring source of on-call pages.");

	static final List<String> PLAN = List.of("Check which services depend on it",
			"Make the change behind a feature flag", "Roll out to staging and run the smoke tests",
			"Roll out to production during the maintenance window", "Remove the old code path after a week",
			"Update the runbook");

	static final List<String> DONE_WHEN = List.of(
			"the change is live in all regions and the old code path is removed.",
			"the runbook is updated and on-call has been briefed.",
			"the dashboards show no new errors for a week.");

	static final List<String> SOURCES = List.of("the last retrospective", "customer interviews",
			"a support escalation", "the quarterly performance review", "the on-call handover notes");

	static final List<String> MEASURES = List.of("p95 latency on the service dashboard",
			"the number of related support tickets", "the error rate in the error tracker",
			"the satisfaction score in the quarterly survey");

	static final List<String> INVESTIGATION = List.of("I can reproduce this {env} but not {env}.",
			"This started with {version}; the release before it is fine.", "Looks related to the recent change in {class}.",
			"Rolling back {repository} to the previous version makes the problem go away.",
			"Added more logging around {class}; will check again after the next deploy.",
			"Workaround for affected customers: {workaround}.", "Raising the priority, {n} more customers reported this today.",
			"Moving this to the {component} team for triage.", "The fix is in review in PR #{issue}.",
			"Could not reproduce it locally with a fresh database. We need a copy of the affected account's data.");

	static final List<String> WORKAROUNDS = List.of("clear cookies and try again",
			"use a different browser until the fix is deployed", "retry after a few minutes",
			"ask an admin to re-run the job", "use the web version for now");

	static final List<String> DISCUSSION = List.of("The designs are in Figma, on the {component} board.",
			"Let's ship this behind a feature flag first.", "{n} customers asked for this last quarter.",
			"The {component} team estimates about {n} days of work.", "Blocked until the {component} API change lands.",
			"Moved to the next sprint because of the {version} release.", "Product signed off on the scope.",
			"Please keep the old behaviour available for one more release.");

	static final List<String> CAUSES = List.of("a race condition", "a missing null check", "a stale cache entry",
			"an off-by-one error in the pagination", "a timeout that was too short", "a wrong time zone conversion",
			"an unbounded query", "a retry that was not idempotent", "an exception that was swallowed");

	static final List<String> PR_NOTES = List.of("Adds a regression test to {class}Tests.", "No database changes.",
			"Safe to roll back.", "Needs the new feature flag in production; see the runbook.",
			"Touches {class} only.", "Includes a migration; please review it carefully.");

	static final List<String> REFACTOR_REASONS = List.of("{class} has grown too large to test in isolation.",
			"The same logic was duplicated in three places.", "It prepares {class} for the work on #{issue}.",
			"The old code made every change in this area risky.");

	static final List<String> RISKS = List.of("Low: the existing tests cover the changed paths.",
			"Medium: the error handling changed slightly, see the notes.",
			"Low: no public API or database changes.");

	static final List<String> LIBRARIES = List.of("jackson-databind 2.17.1 to 2.17.2", "spring-boot 3.3.1 to 3.3.2",
			"netty 4.1.110 to 4.1.111", "react 18.2.0 to 18.3.1", "okhttp 4.12.0 to 5.0.0",
			"the PostgreSQL driver 42.7.3 to 42.7.4", "guava 33.2.0 to 33.2.1");

	static final List<String> APPROVALS = List.of("LGTM, but please add a test for the null case.",
			"Looks good to me. Could you squash the commits before merging?",
			"Approved. Thanks for tracking this down!", "LGTM, ship it.", "I tested this {env} and {feature} works again.",
			"Approving, the approach in {class} makes sense to me.");

	static final List<String> REVIEWS = List.of(
			"Nit: {class} is getting long; consider moving the new validation into a helper.",
			"Please add a regression test for {feature} {condition}.",
			"Does this still work {condition}? I don't see a test for that case.",
			"What happens if {class} throws here? We should at least log it with the request id.",
			"This changes the public API; please update the changelog and the docs.",
			"Can we put this behind a feature flag so we can roll it out per client?",
			"The integration tests are red, but it looks like the known flaky test in {class}Tests. Re-running.",
			"Why is the timeout {n} seconds? The upstream usually answers in under one.",
			"Please rebase on main; there is a conflict in the migration numbering.",
			"I'm not sure this fixes the root cause. {Feature} also {symptom} when {action}.",
			"Could you split this into two pull requests? The refactoring makes the fix hard to review.",
			"Minor: the log message should use placeholders instead of string concatenation.",
			"We should not catch Exception here; it hides real bugs.", "Requesting changes: this breaks {feature} {condition}.",
			"Is the new index needed? The query plan looks fine without it on staging.",
			"Please double-check the migration on a copy of production data before merging.",
			"Can you add a screenshot of the new screen?");

	static final List<String> NITS = List.of("{class} could use a comment on why the retry is needed.",
			"the log message should use placeholders instead of string concatenation.",
			"the test name does not say which case it covers.", "please drop the commented-out code in {class}.");

	static final List<String> REPLIES = List.of("Done, thanks for the review.", "Fixed in the latest commit.",
			"Good catch! I did not know {class} was called twice.",
			"I'd rather keep it as it is; {class} already retries on 503.", "Added the test, see the latest commit.",
			"Rebased on main, the migration is now V{n}.");

	static final List<String> SUGGESTIONS = List.of(
			"logger.warn(\"Request {} failed, retrying\", requestId, ex);",
			"if (session == null) {\n    return Optional.empty();\n}",
			"assertThat(result).isNotNull();",
			"Duration timeout = properties.getTimeout();");

	static final List<String> EMOJI = List.of("🔥", "🚨", "🐛", "✨", "🚀", "✅", "⚠️", "💥");

	/** Short customer quotes about login, in the languages of the support queue. */
	static final List<String> LOGIN_QUOTES = List.of("パスワードをリセットした後、ログインできません",
			"Не могу войти после сброса пароля", "لا أستطيع تسجيل الدخول بعد إعادة تعيين كلمة المرور",
			"重置密码后无法登录", "Die Anmeldung schlägt nach dem Zurücksetzen des Passworts fehl");

	static final List<String> GENERAL_QUOTES = List.of("ページが表示されません", "Ничего не работает с утра",
			"الصفحة لا تعمل", "Η σελίδα δεν φορτώνει", "결제 페이지가 멈춥니다", "页面一直在加载");

	static final List<String> THANKS = List.of("Спасибо! 🙏", "ありがとうございます 👍", "شكراً جزيلاً 🎉",
			"Danke schön! 🚀", "谢谢 👌", "Merci beaucoup ✨");

	private Phrases() {
	}

	static <T extends @Nullable Object> T pick(Random random, List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

	static boolean percent(Random random, int percent) {
		return random.nextInt(100) < percent;
	}

	static int between(Random random, int min, int max) {
		return min + random.nextInt(max - min + 1);
	}

	static String version(Random random) {
		return "3." + random.nextInt(13) + "." + random.nextInt(10);
	}

	static String capitalize(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	/** Lower-cases the first letter unless the first word is an acronym ("SCIM", "VAT"). */
	static String decapitalize(String text) {
		if (text.length() > 1 && Character.isUpperCase(text.charAt(1))) {
			return text;
		}
		return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
	}

	/** Cuts to a column's length without splitting a surrogate pair, which a database would reject. */
	static String fit(String text, int maxLength) {
		if (text.length() <= maxLength) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
		return text.substring(0, end);
	}

}

package io.reembed.demo;

import java.util.ArrayList;
import java.util.List;

import io.reembed.demo.Component.Symptom;

/**
 * The product areas of the demo tracker. Authentication comes first and its phrases lean on login and password
 * reset, because that is what the demo searches for.
 */
final class Components {

	static final List<Component> ALL = List.of(authentication(), billing(), search(), notifications(), mobileApp(),
			apiGateway(), databaseMigrations(), ciPipeline(), checkout(), settings(), fileUploads(), reporting(),
			adminConsole());

	private Components() {
	}

	private static Component authentication() {
		return new Builder("authentication", "auth", "identity-service", "Users")
			.classes("SessionService", "PasswordResetController", "TokenRefresher", "LoginForm", "OAuthCallbackHandler")
			.features("login", "sign-in", "password reset", "two-factor login", "SSO login", "session refresh")
			.symptom("fails", "failing")
			.symptom("returns 401 Unauthorized", "returning 401 Unauthorized")
			.symptom("times out", "timing out")
			.symptom("loops back to the sign-in page", "looping back to the sign-in page")
			.symptom("shows a blank screen", "showing a blank screen")
			.symptom("hangs on the spinner", "hanging on the spinner")
			.symptom("throws a CSRF error", "throwing a CSRF error")
			.conditions("after password reset", "after changing the email address", "when the session token expires",
					"for accounts with two-factor enabled", "with a password containing non-ASCII characters",
					"when SSO is enforced for the workspace", "after an admin unlocks the account",
					"in a private browsing window")
			.actions("logging in with the new password", "resetting the password from the email link",
					"signing in with Google", "entering the two-factor code", "refreshing the page right after login")
			.abilities("log in after resetting their password", "reset their password", "sign in with SSO",
					"complete two-factor login", "stay logged in for more than a few minutes")
			.errors("401 Unauthorized from POST /api/v2/sessions",
					"InvalidTokenException: password reset token has already been used",
					"NullPointerException: Cannot invoke \"Session.getUser()\" because \"session\" is null",
					"CSRF token mismatch (403 Forbidden)",
					"IllegalStateException: no authentication found in the security context")
			.steps("Open the sign-in page", "Click \"Forgot password?\" and request a reset link for an existing account",
					"Open the reset email and choose a new password", "Log in with the new password",
					"Watch the network tab while the sign-in page reloads")
			.expected("The user is logged in and lands on the dashboard.",
					"The new password is accepted on the first attempt.",
					"The session is refreshed silently in the background.")
			.actual("The sign-in page reloads with \"Invalid email or password\".",
					"The request fails with 401 and the user is sent back to the sign-in page.",
					"A blank page is shown and the console reports a CSRF error.")
			.requests("Add passkey sign-in to the login page", "Let admins force a password reset for a user",
					"Support SAML single sign-on for enterprise workspaces",
					"Show the last login time on the account page", "Allow signing in with a magic link")
			.tasks("Rotate the JWT signing keys", "Upgrade the OAuth client library to 6.2",
					"Remove the legacy session cookie", "Document the password reset flow for support")
			.improvements("Improve the error message for expired password reset links",
					"Reduce login latency in the EU region", "Rate limit password reset requests per account",
					"Keep users logged in across app updates")
			.refactorings("Extract token validation out of SessionService",
					"Replace the hand-written JWT parser with the library one",
					"Move password reset logic into its own service")
			.build();
	}

	private static Component billing() {
		return new Builder("billing", "billing", "billing-service", "Customers")
			.classes("InvoiceGenerator", "SubscriptionService", "TaxCalculator", "StripeWebhookHandler",
					"ProrationCalculator")
			.features("invoice generation", "subscription renewal", "tax calculation", "plan upgrade", "refund",
					"usage-based billing")
			.symptom("fails", "failing")
			.symptom("produces the wrong amount", "producing the wrong amount")
			.symptom("times out", "timing out")
			.symptom("is skipped silently", "being skipped silently")
			.symptom("runs twice", "running twice")
			.symptom("throws a NullPointerException", "throwing a NullPointerException")
			.conditions("when a coupon is applied", "for annual plans", "at the end of the month",
					"for EU customers with a VAT number", "after a plan downgrade", "when the card requires 3-D Secure",
					"for invoices in Japanese yen")
			.actions("upgrading from the Team plan to Business", "applying a 20% coupon", "downloading the invoice PDF",
					"updating the credit card", "cancelling the subscription")
			.abilities("download their invoices", "upgrade their plan", "update their payment method",
					"cancel their subscription")
			.errors("StripeCardException: card_declined (authentication_required)",
					"ArithmeticException: Non-terminating decimal expansion; no exact representable decimal result",
					"SignatureVerificationException: webhook signature verification failed",
					"duplicate key value violates unique constraint \"invoices_number_key\"",
					"504 Gateway Timeout from GET /api/billing/invoices")
			.steps("Sign in as the owner of a workspace on the Team plan", "Open Settings > Billing",
					"Apply the coupon SPRING20", "Upgrade to the Business plan", "Open the generated invoice")
			.expected("The invoice shows the prorated amount with the coupon applied.",
					"The customer is charged exactly once.", "VAT is calculated from the billing address.")
			.actual("The invoice shows the full price without the discount.",
					"Two charges of the same amount appear in Stripe.", "VAT is missing from the total.")
			.requests("Add PDF receipts to the billing history", "Let customers pay by SEPA direct debit",
					"Show the upcoming invoice amount in billing settings",
					"Support purchase order numbers on invoices")
			.tasks("Upgrade the Stripe SDK to v24", "Backfill missing tax IDs for EU customers",
					"Archive invoices older than seven years", "Reconcile failed payments from last quarter")
			.improvements("Retry failed card payments with exponential backoff", "Speed up invoice PDF rendering",
					"Explain proration amounts on the invoice")
			.refactorings("Split SubscriptionService into plan and payment services",
					"Use BigDecimal consistently in ProrationCalculator",
					"Replace payment status polling with Stripe webhooks")
			.build();
	}

	private static Component search() {
		return new Builder("search", "search", "search-service", "Users")
			.classes("SearchController", "QueryParser", "IndexUpdater", "RankingService", "SuggestionProvider")
			.features("search", "full-text search", "autocomplete", "the search results page", "saved search",
					"the label filter")
			.symptom("returns no results", "returning no results")
			.symptom("is very slow", "being very slow")
			.symptom("times out", "timing out")
			.symptom("shows stale results", "showing stale results")
			.symptom("ignores the selected filters", "ignoring the selected filters")
			.symptom("fails", "failing")
			.conditions("for queries with quotes", "when the query contains a hyphen",
					"for workspaces with more than 100,000 documents", "right after a document is edited",
					"for non-English queries", "when sorting by date")
			.actions("searching for an exact phrase", "typing quickly in the search box",
					"filtering results by label", "sorting results by last updated",
					"opening the second page of results")
			.abilities("find recently edited documents", "search for exact phrases",
					"filter search results by label")
			.errors("QueryParserException: Cannot parse 'release-notes\"': Lexical error at line 1, column 15",
					"ElasticsearchException: search_phase_execution_exception",
					"CircuitBreakingException: [parent] Data too large",
					"TimeoutException: RankingService did not answer within 30000 ms")
			.steps("Open the search page", "Type \"release-notes 2024\" into the search box",
					"Select the \"docs\" label filter", "Sort by last updated")
			.expected("Matching documents are listed within a second.",
					"Only results with the selected label are shown.",
					"A document edited a minute ago appears in the results.")
			.actual("The results page stays empty.",
					"The spinner keeps turning for 30 seconds and the request times out.",
					"Results from before the edit are shown.")
			.requests("Add fuzzy matching to search", "Highlight matching terms in search results",
					"Let users save searches and get notified of new matches",
					"Add semantic search across issues and pull requests")
			.tasks("Reindex all workspaces after the analyzer change", "Upgrade Elasticsearch to 8.14",
					"Add search latency to the service dashboard")
			.improvements("Rank exact title matches higher", "Cut autocomplete latency below 100 ms",
					"Show a helpful message when search finds nothing")
			.refactorings("Move query parsing into its own module",
					"Replace the custom tokenizer with the standard analyzer", "Batch index updates in IndexUpdater")
			.build();
	}

	private static Component notifications() {
		return new Builder("notifications", "notifications", "notification-service", "Users")
			.classes("EmailSender", "PushNotifier", "DigestScheduler", "NotificationPreferences", "TemplateRenderer")
			.features("the email notification", "the push notification", "the daily digest",
					"the mention notification", "the notification badge")
			.symptom("is sent twice", "being sent twice")
			.symptom("never arrives", "never arriving")
			.symptom("arrives hours late", "arriving hours late")
			.symptom("shows the wrong count", "showing the wrong count")
			.symptom("links to a deleted page", "linking to a deleted page")
			.symptom("fails", "failing")
			.conditions("when the user is mentioned in a comment", "for users in time zones ahead of UTC",
					"after the project was muted", "when the email address contains a plus sign",
					"during the nightly digest run")
			.actions("mentioning a teammate in a comment", "muting a project", "changing the notification settings",
					"opening a notification on the phone")
			.abilities("turn off email notifications", "receive mention notifications",
					"mark all notifications as read")
			.errors("SMTP 550 5.1.1 Recipient address rejected",
					"FirebaseMessagingException: Requested entity was not found",
					"TemplateNotFoundException: digest/daily.html",
					"RejectedExecutionException: DigestScheduler queue is full")
			.steps("Log in as user A", "Mention user B in a comment on any issue", "Wait five minutes",
					"Check user B's inbox and phone")
			.expected("User B receives exactly one email and one push notification.",
					"The digest arrives at 8:00 in the user's local time.",
					"Muted projects produce no notifications.")
			.actual("User B receives the same email twice.",
					"The digest arrives at 8:00 UTC regardless of the user's time zone.",
					"Notifications keep arriving for the muted project.")
			.requests("Add a weekly digest option", "Let users snooze notifications until tomorrow",
					"Send Slack notifications for assigned issues", "Add quiet hours to notification settings")
			.tasks("Migrate transactional emails to the new email provider", "Remove the deprecated SMS channel",
					"Update the email templates with the new branding")
			.improvements("Group several mentions into one notification", "Reduce push notification latency",
					"Make unsubscribe links work without logging in")
			.refactorings("Extract template rendering from EmailSender",
					"Replace the cron-based DigestScheduler with a queue",
					"Unify email and push delivery behind one interface")
			.build();
	}

	private static Component mobileApp() {
		return new Builder("mobile app", "mobile", "mobile-app", "Users")
			.classes("SyncWorker", "OfflineStore", "AppDelegate", "ImagePickerModule", "DeepLinkRouter")
			.features("the mobile app", "offline sync", "photo upload", "the deep link", "the home screen widget",
					"app startup")
			.symptom("crashes", "crashing")
			.symptom("freezes", "freezing")
			.symptom("drains the battery", "draining the battery")
			.symptom("fails", "failing")
			.symptom("shows an empty screen", "showing an empty screen")
			.symptom("is slow", "being slow")
			.conditions("after the 4.2 update", "when the phone is offline", "on devices with less than 3 GB of RAM",
					"when switching between accounts", "after the app was in the background for a while",
					"with the system font size set to large")
			.actions("opening the app from a push notification", "uploading a photo from the gallery",
					"switching accounts", "pulling to refresh", "rotating the device")
			.abilities("open the app", "upload photos", "sync changes made offline")
			.errors("EXC_BAD_ACCESS (SIGSEGV) in SyncWorker.merge",
					"java.lang.OutOfMemoryError: Failed to allocate a 25165836 byte allocation",
					"SQLiteConstraintException: UNIQUE constraint failed: items.id",
					"NSURLErrorDomain -1001: The request timed out")
			.steps("Install version 4.2.0 from the store", "Log in and enable airplane mode", "Edit two items",
					"Disable airplane mode and wait for the sync")
			.expected("Both edits are synced to the server.", "The app opens the linked item.",
					"The photo is uploaded in the background.")
			.actual("The app crashes and the edits are lost.",
					"The app opens on the home screen instead of the linked item.",
					"The upload stalls at 99%.")
			.requests("Add dark mode to the mobile app", "Support biometric login on Android",
					"Add a home screen widget for today's tasks", "Let users upload several photos at once")
			.tasks("Raise the minimum iOS version to 16", "Update the Android target SDK to 34",
					"Renew the push notification certificates")
			.improvements("Bring the app size below 50 MB", "Speed up cold start on older Android phones",
					"Show sync progress while offline changes upload")
			.refactorings("Move the offline store to Room", "Rewrite DeepLinkRouter in Swift",
					"Split SyncWorker into upload and download workers")
			.build();
	}

	private static Component apiGateway() {
		return new Builder("API gateway", "api", "api-gateway", "API clients")
			.classes("RateLimiter", "RouteConfig", "AuthFilter", "RequestLoggingFilter", "CorsFilter")
			.features("the public API", "rate limiting", "the webhook endpoint", "API key authentication",
					"request routing", "CORS handling")
			.symptom("returns 502 Bad Gateway", "returning 502 Bad Gateway")
			.symptom("returns 429 too early", "returning 429 too early")
			.symptom("drops the request body", "dropping the request body")
			.symptom("times out", "timing out")
			.symptom("adds 300 ms of latency", "adding 300 ms of latency")
			.symptom("fails", "failing")
			.conditions("under load", "for requests larger than 1 MB", "after the gateway was scaled out",
					"for clients using HTTP/2", "when the upstream service restarts",
					"for API keys created before March")
			.actions("calling GET /api/v2/issues with pagination", "posting a webhook payload",
					"sending requests from the browser extension", "rotating an API key")
			.abilities("call the public API", "receive webhooks", "use API keys created before the migration")
			.errors("502 Bad Gateway: upstream connect error or disconnect/reset before headers",
					"429 Too Many Requests (limit 100/min)", "413 Payload Too Large",
					"java.io.IOException: Connection reset by peer")
			.steps("Create an API key in the developer settings",
					"Send 50 requests per second to GET /api/v2/issues", "Watch the response codes")
			.expected("Requests below the documented limit of 600 per minute succeed.",
					"The gateway forwards the full request body.",
					"Latency stays below 50 ms at the 95th percentile.")
			.actual("About 10% of requests fail with 502.", "Requests are rejected with 429 after 100 calls.",
					"The upstream service receives an empty body.")
			.requests("Add rate limit headers to every response", "Support OAuth client credentials in the public API",
					"Add an API usage page to the developer settings", "Publish an OpenAPI spec for v2")
			.tasks("Upgrade the gateway to Spring Cloud Gateway 4.1", "Remove the deprecated v1 routes",
					"Move route configuration to the config server")
			.improvements("Return a Retry-After header with 429 responses", "Log the request id on every gateway error",
					"Halve the p99 latency of the gateway")
			.refactorings("Replace the in-memory RateLimiter with the Redis one", "Extract CORS rules into configuration",
					"Simplify route matching in RouteConfig")
			.build();
	}

	private static Component databaseMigrations() {
		return new Builder("database migrations", "database", "core-platform", "Developers")
			.classes("MigrationRunner", "SchemaHistory", "TenantBackfillJob", "ConnectionPoolConfig")
			.features("the schema migration", "the nightly migration job", "the tenant backfill",
					"the Flyway migration")
			.symptom("fails", "failing")
			.symptom("locks the issues table", "locking the issues table")
			.symptom("takes more than an hour", "taking more than an hour")
			.symptom("leaves the schema half applied", "leaving the schema half applied")
			.symptom("times out", "timing out")
			.conditions("on the production database", "for tenants with more than a million rows",
					"when two instances start at once", "after restoring from a snapshot", "on PostgreSQL 16")
			.actions("deploying the new release", "running the migration on a staging copy",
					"restoring the nightly backup", "starting two application instances at the same time")
			.abilities("deploy release 3.8 to production", "run migrations on a fresh database",
					"restore a backup into staging")
			.errors("ERROR: could not create unique index \"issues_client_number_key\" "
					+ "DETAIL: Key (client_id, number)=(42, 1007) is duplicated.",
					"FlywayValidateException: Detected failed migration to version 87",
					"ERROR: canceling statement due to lock timeout", "ERROR: deadlock detected")
			.steps("Restore last night's production snapshot to staging", "Deploy release 3.8.0",
					"Watch the migration logs")
			.expected("All pending migrations finish within a few minutes.",
					"The application starts while the index is built concurrently.",
					"Only one instance runs the migrations.")
			.actual("Migration V87 fails and the instance keeps restarting.",
					"The issues table stays locked for 40 minutes.",
					"Both instances try to apply V87 and one of them fails.")
			.requests("Add a dry-run mode for migrations", "Show the current schema version on the admin page",
					"Support zero-downtime column renames")
			.tasks("Squash migrations older than two years", "Upgrade the databases to PostgreSQL 16",
					"Add an index on issues(client_id, updated_at)", "Move the audit tables to their own schema")
			.improvements("Create indexes concurrently in migrations", "Set a lock timeout in every migration",
					"Make the tenant backfill resumable")
			.refactorings("Split the V87 migration into smaller steps",
					"Replace hand-written SQL with Flyway Java migrations",
					"Move connection pool settings into ConnectionPoolConfig")
			.build();
	}

	private static Component ciPipeline() {
		return new Builder("CI pipeline", "ci", "build-tools", "Developers")
			.classes("IntegrationTestSuite", "DockerImageBuilder", "ReleaseWorkflow", "DependencyCache")
			.features("the CI pipeline", "the release build", "the integration test job", "the Docker image build",
					"the nightly build")
			.symptom("fails", "failing")
			.symptom("is flaky", "being flaky")
			.symptom("takes over 40 minutes", "taking over 40 minutes")
			.symptom("times out", "timing out")
			.symptom("runs out of disk space", "running out of disk space")
			.symptom("skips the integration tests", "skipping the integration tests")
			.conditions("on pull requests from forks", "after the runner image update", "when the cache is cold",
					"on the main branch", "since the Gradle upgrade")
			.actions("opening a pull request from a fork", "merging to main", "tagging a release",
					"re-running a failed job")
			.abilities("merge pull requests", "cut a release", "run the integration tests locally")
			.errors("No space left on device", "Error: The operation was canceled (timeout of 60 minutes)",
					"ContainerLaunchException: Container startup failed for image postgres:16",
					"npm ERR! code ECONNRESET",
					"Could not resolve dependencies: artifact not found in the mirror")
			.steps("Open a pull request with any change", "Wait for the build workflow to start",
					"Watch the integration test job")
			.expected("The pipeline finishes in under 15 minutes.", "Integration tests run on every pull request.",
					"The release build publishes the Docker image.")
			.actual("The integration test job fails about one run in five.",
					"The build is cancelled after 60 minutes.", "The Docker image is never pushed.")
			.requests("Add preview environments for pull requests", "Run the end-to-end tests in parallel",
					"Post test coverage as a pull request comment")
			.tasks("Pin GitHub Actions to commit SHAs", "Move the build cache to S3",
					"Upgrade the runners to Ubuntu 24.04", "Remove the unused Jenkins jobs")
			.improvements("Cache Maven dependencies between builds", "Retry flaky tests once before failing the build",
					"Split the test suite across four runners")
			.refactorings("Extract the shared workflow steps into a reusable action",
					"Replace the shell deploy script with a Makefile target", "Move Docker builds to buildx")
			.build();
	}

	private static Component checkout() {
		return new Builder("checkout", "checkout", "storefront", "Shoppers")
			.classes("CheckoutController", "CartService", "AddressValidator", "OrderSubmitter", "ShippingRateClient")
			.features("the checkout page", "the cart", "address validation", "order confirmation",
					"the shipping rate lookup", "the payment step")
			.symptom("times out", "timing out")
			.symptom("shows the wrong total", "showing the wrong total")
			.symptom("fails", "failing")
			.symptom("is very slow", "being very slow")
			.symptom("loses the entered address", "losing the entered address")
			.symptom("shows a blank screen", "showing a blank screen")
			.conditions("under load", "when the cart has more than 50 items", "for addresses in Canada",
					"after applying a gift card", "during Black Friday traffic", "when the user goes back a step")
			.actions("placing an order with a gift card", "changing the shipping address",
					"going back from the payment step", "removing an item from the cart")
			.abilities("complete checkout", "apply gift cards", "change the shipping address")
			.errors("504 Gateway Timeout from POST /checkout/submit",
					"OptimisticLockException: Row was updated or deleted by another transaction (Cart#8812)",
					"SocketTimeoutException: ShippingRateClient read timed out after 10000 ms",
					"ValidationException: postal code does not match province")
			.steps("Add 60 items to the cart", "Open the checkout page", "Enter a shipping address",
					"Click \"Place order\"")
			.expected("The order is placed within two seconds.", "The total includes the gift card discount.",
					"The entered address is kept when going back.")
			.actual("The page times out after 30 seconds and no order is created.", "The total ignores the gift card.",
					"The address form is empty again.")
			.requests("Add Apple Pay to checkout", "Let guests check out without an account",
					"Save several shipping addresses per customer", "Show estimated delivery dates in the cart")
			.tasks("Load test checkout before Black Friday", "Update the shipping carrier API keys",
					"Remove the old checkout A/B test")
			.improvements("Cache shipping rates for five minutes", "Validate addresses while the user types",
					"Reduce checkout page load time")
			.refactorings("Move order submission to an async queue", "Split CartService into cart and pricing",
					"Replace the hand-rolled retry in ShippingRateClient")
			.build();
	}

	private static Component settings() {
		return new Builder("settings", "settings", "web-app", "Users")
			.classes("SettingsController", "PreferencesStore", "ThemeProvider", "LocaleResolver")
			.features("the settings screen", "the language selector", "the time zone setting", "the theme toggle",
					"profile settings")
			.symptom("does not save changes", "not saving changes")
			.symptom("resets to the default", "resetting to the default")
			.symptom("shows a blank screen", "showing a blank screen")
			.symptom("fails", "failing")
			.symptom("is slow to load", "being slow to load")
			.conditions("after logging out and back in", "when the browser language is German",
					"for users invited by an admin", "after the latest release")
			.actions("changing the language to Japanese", "switching the theme", "updating the time zone",
					"uploading a new avatar")
			.abilities("change their language", "save their preferences", "switch to the dark theme")
			.errors("TypeError: Cannot read properties of undefined (reading 'locale')",
					"409 Conflict from PUT /api/preferences", "ZoneRulesException: Unknown time-zone ID: Asia/Calcutta")
			.steps("Open Settings", "Change the language to Deutsch", "Click Save", "Reload the page")
			.expected("The interface stays in the selected language.", "The saved time zone is used for all dates.",
					"The chosen theme is applied immediately.")
			.actual("The interface switches back to English after a reload.", "Dates are still shown in UTC.",
					"Nothing happens when clicking Save.")
			.requests("Add dark mode to the settings screen", "Let users choose the first day of the week",
					"Add a compact density option", "Allow exporting personal settings")
			.tasks("Translate the settings screen into Portuguese", "Remove the legacy preferences endpoint",
					"Move user preferences to the new profile service")
			.improvements("Save settings automatically without a Save button",
					"Show which settings are controlled by the admin",
					"Improve keyboard navigation on the settings screen")
			.refactorings("Extract ThemeProvider into the design system",
					"Store preferences as JSON instead of key-value rows",
					"Replace LocaleResolver with the framework default")
			.build();
	}

	private static Component fileUploads() {
		return new Builder("file uploads", "uploads", "files-service", "Users")
			.classes("UploadController", "VirusScanner", "ThumbnailWorker", "S3StorageClient", "MultipartParser")
			.features("file upload", "the attachment preview", "thumbnail generation", "drag-and-drop upload",
					"the virus scan")
			.symptom("fails", "failing")
			.symptom("times out", "timing out")
			.symptom("stalls at 99%", "stalling at 99%")
			.symptom("produces corrupted files", "producing corrupted files")
			.symptom("is rejected with 413", "being rejected with 413")
			.conditions("for files larger than 100 MB", "for file names with spaces", "on slow connections",
					"for HEIC images from iPhones", "when several files are dropped at once")
			.actions("uploading a 200 MB video", "dropping five PDFs at once", "previewing a HEIC photo",
					"downloading an attachment")
			.abilities("upload large files", "preview attachments", "attach images to comments")
			.errors("413 Request Entity Too Large", "NoSuchUploadException: The specified upload does not exist",
					"IIOException: Unsupported Image Type", "MultipartException: Stream ended unexpectedly")
			.steps("Open any issue", "Drag a 150 MB file onto the comment box", "Wait for the upload to finish")
			.expected("The file is uploaded and a preview is shown.", "Uploads resume after a network drop.",
					"A thumbnail appears within a few seconds.")
			.actual("The progress bar stops at 99% and the upload never finishes.",
					"The attachment opens as a broken image.", "The upload restarts from zero.")
			.requests("Support resumable uploads", "Add previews for Office documents",
					"Let admins set a maximum attachment size")
			.tasks("Move attachments to the new S3 bucket", "Update the virus scanner signature job",
					"Delete orphaned uploads older than 30 days")
			.improvements("Upload large files in parallel chunks", "Show upload speed and time remaining",
					"Generate thumbnails lazily")
			.refactorings("Stream uploads directly to S3 instead of buffering them",
					"Extract the virus scan into a separate worker",
					"Replace MultipartParser with the servlet container's parser")
			.build();
	}

	private static Component reporting() {
		return new Builder("reporting dashboard", "reporting", "analytics-service", "Managers")
			.classes("ReportBuilder", "ChartRenderer", "CsvExporter", "MetricsAggregator")
			.features("the reporting dashboard", "CSV export", "the weekly report", "the burndown chart",
					"the velocity chart")
			.symptom("shows wrong numbers", "showing wrong numbers")
			.symptom("times out", "timing out")
			.symptom("is empty", "being empty")
			.symptom("fails", "failing")
			.symptom("takes minutes to load", "taking minutes to load")
			.conditions("for date ranges longer than a year", "when filtering by team", "for workspaces in UTC+10",
					"after the data warehouse migration", "for projects with archived issues")
			.actions("exporting a year of issues to CSV", "filtering the dashboard by team",
					"opening the burndown chart for the current sprint", "scheduling the weekly report")
			.abilities("export reports", "see last week's numbers", "filter charts by team")
			.errors("QueryTimeoutException: statement exceeded 60 s", "OutOfMemoryError: Java heap space",
					"ArithmeticException: / by zero in MetricsAggregator.velocity")
			.steps("Open Reports", "Select the last 12 months", "Filter by the Platform team", "Click Export CSV")
			.expected("The export downloads within a minute.", "Closed issue counts match the issue list.",
					"The chart covers the selected range.")
			.actual("The export spins forever and no file is produced.",
					"The chart shows 0 closed issues for last week.", "The dashboard is empty.")
			.requests("Add a cycle time chart", "Let users schedule reports by email", "Export dashboards as PDF")
			.tasks("Move report queries to the read replica", "Backfill metrics for archived projects",
					"Remove the legacy reporting endpoint")
			.improvements("Precompute daily aggregates for the dashboard",
					"Stream CSV exports instead of building them in memory",
					"Cache dashboard queries for five minutes")
			.refactorings("Split ReportBuilder into query and rendering steps",
					"Replace ChartRenderer with the shared chart library", "Move metric definitions to configuration")
			.build();
	}

	private static Component adminConsole() {
		return new Builder("admin console", "admin", "admin-console", "Admins")
			.classes("UserAdminController", "RoleAssignmentService", "AuditLogWriter", "InviteService")
			.features("the user list", "role assignment", "the audit log", "user invitation", "the admin console")
			.symptom("fails", "failing")
			.symptom("shows deleted users", "showing deleted users")
			.symptom("is slow", "being slow")
			.symptom("times out", "timing out")
			.symptom("does not record changes", "not recording changes")
			.conditions("for workspaces with more than 5,000 users", "when inviting users from a CSV file",
					"after a user is deactivated", "when SCIM provisioning is enabled")
			.actions("inviting 200 users from a CSV file", "changing a user's role to admin", "deactivating a user",
					"filtering the audit log by date")
			.abilities("invite new users", "change user roles", "see the audit log")
			.errors("AccessDeniedException: missing permission users:write",
					"ConstraintViolationException: email must be unique",
					"504 Gateway Timeout from GET /admin/users?page=40")
			.steps("Sign in as a workspace admin", "Open Admin > Users", "Upload invite.csv with 200 rows",
					"Click \"Send invitations\"")
			.expected("All 200 users receive an invitation.", "The role change is recorded in the audit log.",
					"Deactivated users disappear from the list.")
			.actual("Only the first 50 invitations are sent.", "The audit log has no entry for the role change.",
					"Deactivated users are still listed as active.")
			.requests("Add bulk role changes to the user list", "Let admins export the audit log",
					"Support SCIM group provisioning")
			.tasks("Review admin permissions before the SOC 2 audit",
					"Delete audit log entries older than the retention period", "Document the SCIM setup")
			.improvements("Paginate the user list on the server", "Show who changed a role and when",
					"Expire invitation emails after seven days")
			.refactorings("Move role checks into RoleAssignmentService", "Write audit log entries asynchronously",
					"Replace the CSV parser in InviteService")
			.build();
	}

	/** Keeps the catalog readable: eighteen positional record arguments would not be. */
	private static final class Builder {

		private final String name;

		private final String label;

		private final String repository;

		private final String affected;

		private List<String> classes = List.of();

		private List<String> features = List.of();

		private final List<Symptom> symptoms = new ArrayList<>();

		private List<String> conditions = List.of();

		private List<String> actions = List.of();

		private List<String> abilities = List.of();

		private List<String> errors = List.of();

		private List<String> steps = List.of();

		private List<String> expected = List.of();

		private List<String> actual = List.of();

		private List<String> requests = List.of();

		private List<String> tasks = List.of();

		private List<String> improvements = List.of();

		private List<String> refactorings = List.of();

		Builder(String name, String label, String repository, String affected) {
			this.name = name;
			this.label = label;
			this.repository = repository;
			this.affected = affected;
		}

		Builder classes(String... values) {
			this.classes = List.of(values);
			return this;
		}

		Builder features(String... values) {
			this.features = List.of(values);
			return this;
		}

		Builder symptom(String present, String gerund) {
			this.symptoms.add(new Symptom(present, gerund));
			return this;
		}

		Builder conditions(String... values) {
			this.conditions = List.of(values);
			return this;
		}

		Builder actions(String... values) {
			this.actions = List.of(values);
			return this;
		}

		Builder abilities(String... values) {
			this.abilities = List.of(values);
			return this;
		}

		Builder errors(String... values) {
			this.errors = List.of(values);
			return this;
		}

		Builder steps(String... values) {
			this.steps = List.of(values);
			return this;
		}

		Builder expected(String... values) {
			this.expected = List.of(values);
			return this;
		}

		Builder actual(String... values) {
			this.actual = List.of(values);
			return this;
		}

		Builder requests(String... values) {
			this.requests = List.of(values);
			return this;
		}

		Builder tasks(String... values) {
			this.tasks = List.of(values);
			return this;
		}

		Builder improvements(String... values) {
			this.improvements = List.of(values);
			return this;
		}

		Builder refactorings(String... values) {
			this.refactorings = List.of(values);
			return this;
		}

		Component build() {
			// Bug reports pair the n-th expected result with the n-th actual one.
			if (this.expected.size() != this.actual.size()) {
				throw new IllegalStateException(this.name + " needs as many expected as actual results");
			}
			return new Component(this.name, this.label, this.repository, this.affected, this.classes, this.features,
					List.copyOf(this.symptoms), this.conditions, this.actions, this.abilities, this.errors, this.steps,
					this.expected, this.actual, this.requests, this.tasks, this.improvements, this.refactorings);
		}

	}

}

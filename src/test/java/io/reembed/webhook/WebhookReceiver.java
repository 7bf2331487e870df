package io.reembed.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver on a local port: it checks each request's signature on its own, answers 401 to a wrong one, and
 * otherwise answers the statuses it was given in turn, then 204.
 */
final class WebhookReceiver implements AutoCloseable {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final HttpServer server;

	private final String secret;

	private final Deque<Integer> statuses = new ArrayDeque<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private WebhookReceiver(String secret) throws IOException {
		this.secret = secret;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	static WebhookReceiver start(String secret) throws IOException {
		return new WebhookReceiver(secret);
	}

	/** The receiver's URL with that path and query. */
	URI url(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + pathAndQuery);
	}

	/** Answers the next requests with these statuses, in turn, when signed right. */
	synchronized void answer(Integer... statuses) {
		this.statuses.addAll(List.of(statuses));
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream input = exchange.getRequestBody()) {
			body = input.readAllBytes();
		}
		String signature = exchange.getRequestHeaders().getFirst(WebhookSender.SIGNATURE_HEADER);
		boolean signed = signature != null && MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
				expectedSignature(body).getBytes(StandardCharsets.UTF_8));
		int status;
		synchronized (this) {
			status = !signed ? 401 : (this.statuses.isEmpty() ? 204 : this.statuses.poll());
		}
		this.received.add(new Received(exchange.getRequestURI().toString(),
				exchange.getRequestHeaders().getFirst(WebhookSender.TIMESTAMP_HEADER),
				exchange.getRequestHeaders().getFirst(WebhookSender.DELIVERY_HEADER),
				exchange.getRequestHeaders().getFirst(WebhookSender.EVENT_HEADER),
				exchange.getRequestHeaders().getFirst("Content-Type"), signed, status,
				jsonMapper.readTree(body)));
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	private String expectedSignature(byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One request as received.
	 *
	 * @param status what the receiver answered
	 */
	record Received(String path, String timestamp, String deliveryId, String event, String contentType,
			boolean signed, int status, JsonNode body) {
	}

}

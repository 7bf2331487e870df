package io.reembed.bench;

import io.reembed.ReembedApplication;

/**
 * reembed as {@code java -jar} runs it, printing the peak heap it used as it exits:
 * {@code PEAK_HEAP_MIB=<n>}.
 */
public final class HeapMeasuredReembed {

	static final String PEAK_HEAP = "PEAK_HEAP_MIB=";

	private HeapMeasuredReembed() {
	}

	public static void main(String[] args) {
		HeapSampler heap = HeapSampler.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(PEAK_HEAP + heap.peakMiB())));
		ReembedApplication.main(args);
	}

}

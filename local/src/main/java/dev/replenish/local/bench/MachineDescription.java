package dev.replenish.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a benchmark ran on, read from the same sources as {@code lscpu} and {@code free}
 * (/proc/cpuinfo, /proc/meminfo), and the load average, since the machine may be shared.
 */
record MachineDescription(String cpuModel, int cores, double ramGb, String jdk, double maxHeapGb) {

    static MachineDescription ofThisMachine() {
        String model = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
        double ramGb = firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> Long.parseLong(v.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0).orElse(Double.NaN);
        return new MachineDescription(model, Runtime.getRuntime().availableProcessors(), ramGb,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0 / 1024.0);
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg gives them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return String.join(" ", List.of(fields).subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    String describe() {
        return String.format(Locale.ROOT, "%s, %d cores, %.1f GB RAM, %s, JVM max heap %.1f GB",
                cpuModel, cores, ramGb, jdk, maxHeapGb);
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}

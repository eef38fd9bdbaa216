package dev.replenish.sources.generate;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.sources.instacart.InstacartCsvWriter;
import dev.replenish.sources.instacart.InstacartRows;
import dev.replenish.sources.instacart.OrderIds;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Generates users 1..N in chunks on worker threads and writes the chunks in user order, so the
 * files are sorted by user_id then order_number and identical whatever the thread count. Memory is
 * bounded by the chunks in flight (a few MB each) plus one long per user (where its orders start).
 */
public final class InstacartGenerator {

    /** Users per chunk: big enough to amortise hand-offs, small enough to keep chunks a few MB. */
    static final int USERS_PER_CHUNK = 1024;
    /** Chunks queued ahead of the writer per worker thread. */
    static final int CHUNKS_AHEAD_PER_THREAD = 2;
    static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    private final long seed;
    private final int threads;
    private final PrintWriter progress;

    /** @param progress where progress lines of a long run go (null: none) */
    public InstacartGenerator(long seed, int threads, PrintWriter progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.seed = seed;
        this.threads = threads;
        this.progress = progress;
    }

    /** What was written. */
    public record Summary(int users, long orders, long priorLines, long trainLines, long products, double seconds) {
    }

    public Summary generate(int users, InstacartCsvWriter writer) throws InterruptedException {
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1, was " + users);
        }
        long started = System.nanoTime();
        GroceryCatalog catalog = GroceryCatalog.build(seed);
        InstacartRows catalogRows = new InstacartRows();
        catalog.writeTo(catalogRows);
        writer.write(catalogRows);

        // Order ids are a permutation of 1..orders, so the number of orders must be known first:
        // a user's order count is the first draw of their rhythm stream, cheap to draw twice.
        // ordersUpTo[u] = orders of users 1..u, so user u's orders start at index ordersUpTo[u - 1].
        long[] ordersUpTo = new long[users + 1];
        for (int user = 1; user <= users; user++) {
            int count = OrderRhythm.draw(UserRandom.RHYTHM.stream(seed, user)).orderCount();
            ordersUpTo[user] = ordersUpTo[user - 1] + count;
        }
        long orders = ordersUpTo[users];
        OrderIds orderIds = new OrderIds(orders, seed);

        ThreadLocal<Shopper> shoppers = ThreadLocal.withInitial(() -> new Shopper(catalog, seed, orderIds));
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "generate");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<InstacartRows>> inFlight = new ArrayDeque<>();
            int nextUser = 1;
            int usersWritten = 0;
            long lastReport = System.nanoTime();
            while (usersWritten < users) {
                while (nextUser <= users && inFlight.size() < threads * CHUNKS_AHEAD_PER_THREAD) {
                    int first = nextUser;
                    int last = Math.min(users, first + USERS_PER_CHUNK - 1);
                    inFlight.add(pool.submit(() -> {
                        InstacartRows rows = new InstacartRows();
                        Shopper shopper = shoppers.get();
                        for (int user = first; user <= last; user++) {
                            shopper.simulate(user, ordersUpTo[user - 1], rows);
                        }
                        return rows;
                    }));
                    nextUser = last + 1;
                }
                InstacartRows rows = await(inFlight.poll());
                usersWritten = Math.min(users, usersWritten + USERS_PER_CHUNK);
                writer.write(rows);
                long now = System.nanoTime();
                if (progress != null && now - lastReport > PROGRESS_EVERY_NANOS) {
                    lastReport = now;
                    progress.printf("generate: %,d of %,d users (%.0f%%), %,d prior lines, %.0f s%n", usersWritten, users,
                            100.0 * usersWritten / users, writer.rowsWritten(InstacartTable.ORDER_PRODUCTS_PRIOR),
                            (now - started) / 1e9);
                    progress.flush();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Summary(users, writer.rowsWritten(InstacartTable.ORDERS),
                writer.rowsWritten(InstacartTable.ORDER_PRODUCTS_PRIOR), writer.rowsWritten(InstacartTable.ORDER_PRODUCTS_TRAIN),
                writer.rowsWritten(InstacartTable.PRODUCTS), (System.nanoTime() - started) / 1e9);
    }

    private static InstacartRows await(Future<InstacartRows> chunk) throws InterruptedException {
        try {
            return chunk.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("generating a chunk of users failed", cause);
        }
    }
}

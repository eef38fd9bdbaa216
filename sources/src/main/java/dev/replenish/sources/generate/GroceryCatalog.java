package dev.replenish.sources.generate;

import dev.replenish.sources.instacart.InstacartRows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Instacart's 21 departments and 134 aisles (from {@code grocery-catalog.txt}) and 49,688 products
 * with plausible names and Zipf-like popularity. The catalog has the full size at every scale: it
 * is small, and features such as a product's popularity rank should not change with the user count.
 */
final class GroceryCatalog {

    private static final String RESOURCE = "grocery-catalog.txt";

    /** Products of an aisle are ranked; the r-th most popular sells in proportion to 1 / r^s. */
    static final double ZIPF_EXPONENT = 1.0;
    /** About one product name in 150 carries a comma, as "Sparkling Water, Lemon" does in the real catalog. */
    static final double COMMA_NAME_SHARE = 1.0 / 150;
    /** About one in 700 quotes a word, so ingestion sees doubled quotes. */
    static final double QUOTED_NAME_SHARE = 1.0 / 700;
    /** Produce is often sold without a brand ("Organic Bananas"). */
    static final double UNBRANDED_SHARE = 0.25;

    record Department(int id, String name, int productCount, double lineShare, List<String> variants) {
    }

    record Aisle(int id, String name, Department department, double weight, List<String> nouns) {
    }

    private final List<Department> departments;
    private final List<Aisle> aisles;
    /** Indexed by product id (index 0 unused). */
    private final String[] productNames;
    private final int[] productAisle;
    /** Products of each aisle (aisle id - 1), most popular first, and their popularity tables. */
    private final int[][] aisleProducts;
    private final AliasTable[] aisleProductTables;
    private final AliasTable productTable;
    private final AliasTable aisleTable;

    private GroceryCatalog(List<Department> departments, List<Aisle> aisles, String[] productNames, int[] productAisle,
                           int[][] aisleProducts, double[] popularity) {
        this.departments = departments;
        this.aisles = aisles;
        this.productNames = productNames;
        this.productAisle = productAisle;
        this.aisleProducts = aisleProducts;
        this.aisleProductTables = new AliasTable[aisles.size()];
        double[] aisleTraffic = new double[aisles.size()];
        for (int a = 0; a < aisles.size(); a++) {
            double[] weights = new double[aisleProducts[a].length];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = popularity[aisleProducts[a][i]];
                aisleTraffic[a] += weights[i];
            }
            aisleProductTables[a] = new AliasTable(weights);
        }
        // Index 0 of the popularity array is no product.
        this.productTable = new AliasTable(Arrays.copyOfRange(popularity, 1, popularity.length));
        this.aisleTable = new AliasTable(aisleTraffic);
    }

    /** Builds the catalog; names and product ids depend on the seed, department and aisle ids do not. */
    static GroceryCatalog build(long seed) {
        List<Department> departments = new ArrayList<>();
        List<Aisle> aisles = new ArrayList<>();
        List<String> brands = new ArrayList<>();
        readResource(departments, aisles, brands);

        int productCount = departments.stream().mapToInt(Department::productCount).sum();
        SplittableRandom random = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
        // Kaggle's product ids are alphabetical, so an aisle's products are spread over the id range.
        int[] idOfCreated = shuffledIds(productCount, random);
        String[] names = new String[productCount + 1];
        int[] aisleOf = new int[productCount + 1];
        double[] popularity = new double[productCount + 1];
        int[][] aisleProducts = new int[aisles.size()][];
        Set<String> usedNames = new HashSet<>();
        int created = 0;
        for (Department department : departments) {
            List<Aisle> own = aisles.stream().filter(a -> a.department() == department).toList();
            int[] counts = split(department.productCount(), own.stream().mapToDouble(Aisle::weight).toArray());
            double departmentWeight = own.stream().mapToDouble(Aisle::weight).sum();
            for (int k = 0; k < own.size(); k++) {
                Aisle aisle = own.get(k);
                double aisleShare = department.lineShare() * aisle.weight() / departmentWeight;
                double harmonic = 0;
                for (int rank = 1; rank <= counts[k]; rank++) {
                    harmonic += 1.0 / Math.pow(rank, ZIPF_EXPONENT);
                }
                int[] members = new int[counts[k]];
                for (int rank = 1; rank <= counts[k]; rank++) {
                    int id = idOfCreated[created++];
                    members[rank - 1] = id;
                    aisleOf[id] = aisle.id();
                    popularity[id] = aisleShare / Math.pow(rank, ZIPF_EXPONENT) / harmonic;
                    names[id] = uniqueName(aisle, brands, random, usedNames);
                }
                aisleProducts[aisle.id() - 1] = members;
            }
        }
        return new GroceryCatalog(List.copyOf(departments), List.copyOf(aisles), names, aisleOf, aisleProducts, popularity);
    }

    int productCount() {
        return productNames.length - 1;
    }

    int aisleOf(int productId) {
        return productAisle[productId];
    }

    /** A product drawn by its popularity over all shoppers. */
    int anyProduct(RandomGenerator random) {
        return productTable.sample(random) + 1;
    }

    /** An aisle drawn by its share of order lines. */
    int anyAisle(RandomGenerator random) {
        return aisleTable.sample(random) + 1;
    }

    /** A product of the aisle, drawn by popularity within it. */
    int productInAisle(int aisleId, RandomGenerator random) {
        return aisleProducts[aisleId - 1][aisleProductTables[aisleId - 1].sample(random)];
    }

    /** Departments, aisles and products, in id order as the Kaggle files are. */
    void writeTo(InstacartRows rows) {
        for (Department department : departments) {
            rows.department(department.id(), department.name());
        }
        for (Aisle aisle : aisles) {
            rows.aisle(aisle.id(), aisle.name());
        }
        for (int id = 1; id < productNames.length; id++) {
            rows.product(id, productNames[id], productAisle[id], aisles.get(productAisle[id] - 1).department().id());
        }
    }

    private static String uniqueName(Aisle aisle, List<String> brands, SplittableRandom random, Set<String> used) {
        for (int attempt = 0; ; attempt++) {
            String name = productName(aisle, brands, random);
            if (attempt >= 20) {
                // The word lists are exhausted for this aisle: a pack size keeps the name unique and plausible.
                name = name + " " + (4 + random.nextInt(60)) + " oz";
            }
            if (used.add(name)) {
                return name;
            }
        }
    }

    private static String productName(Aisle aisle, List<String> brands, SplittableRandom random) {
        List<String> variants = aisle.department().variants();
        String noun = pick(aisle.nouns(), random);
        String variant = pick(variants, random);
        String brand = pick(brands, random);
        double form = random.nextDouble();
        if (form < QUOTED_NAME_SHARE) {
            return brand + " \"" + variant + "\" " + noun;
        }
        if (form < QUOTED_NAME_SHARE + COMMA_NAME_SHARE) {
            String second = pick(variants, random);
            return brand + " " + noun + ", " + (second.equals(variant) ? "Original" : second);
        }
        if (form < QUOTED_NAME_SHARE + COMMA_NAME_SHARE + UNBRANDED_SHARE) {
            return variant + " " + noun;
        }
        return brand + " " + variant + " " + noun;
    }

    private static String pick(List<String> words, SplittableRandom random) {
        return words.get(random.nextInt(words.size()));
    }

    private static int[] shuffledIds(int count, SplittableRandom random) {
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = i + 1;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = ids[i];
            ids[i] = ids[j];
            ids[j] = swap;
        }
        return ids;
    }

    /** Splits a total in proportion to the weights, largest remainders first, so the parts add up exactly. */
    static int[] split(int total, double[] weights) {
        double sum = Arrays.stream(weights).sum();
        int[] parts = new int[weights.length];
        double[] remainders = new double[weights.length];
        int assigned = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = total * weights[i] / sum;
            parts[i] = (int) Math.floor(exact);
            remainders[i] = exact - parts[i];
            assigned += parts[i];
        }
        while (assigned < total) {
            int best = 0;
            for (int i = 1; i < weights.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            parts[best]++;
            remainders[best] = -1;
            assigned++;
        }
        return parts;
    }

    private static void readResource(List<Department> departments, List<Aisle> aisles, List<String> brands) {
        try (InputStream in = GroceryCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Department current = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\\|", -1);
                switch (fields[0]) {
                    case "B" -> brands.addAll(words(fields[1]));
                    case "D" -> {
                        current = new Department(Integer.parseInt(fields[1]), fields[2], Integer.parseInt(fields[3]),
                                Double.parseDouble(fields[4]) / 1000.0, words(fields[5]));
                        departments.add(current);
                    }
                    case "A" -> {
                        if (current == null) {
                            throw new IllegalStateException(RESOURCE + ": aisle before any department: " + line);
                        }
                        aisles.add(new Aisle(aisles.size() + 1, fields[1], current, Double.parseDouble(fields[2]),
                                words(fields[3])));
                    }
                    default -> throw new IllegalStateException(RESOURCE + ": unknown line kind: " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> words(String field) {
        return List.of(field.split(";"));
    }
}

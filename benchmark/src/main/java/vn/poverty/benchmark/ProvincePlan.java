package vn.poverty.benchmark;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import vn.poverty.localrun.DemoPlan;

/**
 * A province for the benchmark, computed from a seed and nothing else: {@code communeCount} communes (one in ten
 * urban) with their recorded household totals for 2020..2025, and {@code householdCount} households, each with five
 * annual reviews (periods 2021..2025) recognised by a decision, the policy grants its status entitles it to, and for
 * some a preferential loan with repayments.
 *
 * <p>The households follow the demo data's rules ({@link DemoPlan}: rising incomes, deprivations, statuses that the
 * command side's standards give, a POOR count that falls every year): the province's households are taken in blocks
 * of {@value #BLOCK} from demo plans seeded per block, moved to a province commune of the same area type, and given
 * a national ID unique in the province. Nothing is held in memory beyond one block, so a plan of 500,000 households
 * costs no more memory than one of 1,000; household {@code i} is the same whatever the number of households asked
 * for. Grants and loans follow the demo's rules too (grants on 1 January of a period to the households that period's
 * decision entitles; loans from POOR_HOUSEHOLD / NEAR_POOR_HOUSEHOLD), re-implemented here from the same seeds.
 */
final class ProvincePlan {

    static final int BLOCK = 1_000;
    /** The last date loans record repayments for (as the demo). */
    static final LocalDate LOANS_UNTIL = LocalDate.of(2025, 11, 30);

    record Commune(String code, String name, DemoPlan.AreaType areaType, List<DemoPlan.HouseholdCount> counts) {}

    record Review(DemoPlan.ReviewPlan plan, List<String> grants) {}

    record Repayment(LocalDate paidOn, long amount) {}

    record Loan(
            String programCode,
            long principal,
            int termMonths,
            LocalDate appliedOn,
            LocalDate approvedOn,
            LocalDate disbursedOn,
            List<Repayment> repayments) {}

    record Household(
            int index,
            String communeCode,
            String hamlet,
            DemoPlan.Head head,
            int memberCount,
            boolean meritHousehold,
            boolean ethnicMinority,
            LocalDate registeredOn,
            List<Review> reviews,
            Optional<Loan> loan) {

        /** HTTP requests this household takes (events: about as many; a recognition may also end grants). */
        int requests() {
            int grants = reviews.stream().mapToInt(r -> r.grants().size()).sum();
            return 1
                    + 2 * reviews.size()
                    + grants
                    + loan.map(l -> 3 + l.repayments().size()).orElse(0);
        }
    }

    private final long seed;
    private final int householdCount;
    private final List<Commune> communes;
    private final List<Commune> urban;
    private final List<Commune> rural;

    private int cachedBlock = -1;
    private List<DemoPlan.HouseholdPlan> cached;

    ProvincePlan(long seed, int householdCount, int communeCount) {
        if (communeCount < 2) {
            throw new IllegalArgumentException("a province needs at least 2 communes (one urban, one rural)");
        }
        if (householdCount < 0) {
            throw new IllegalArgumentException("householdCount must be >= 0");
        }
        this.seed = seed;
        this.householdCount = householdCount;
        this.communes = communes(seed, householdCount, communeCount);
        this.urban = communes.stream()
                .filter(c -> c.areaType() == DemoPlan.AreaType.URBAN)
                .toList();
        this.rural = communes.stream()
                .filter(c -> c.areaType() == DemoPlan.AreaType.RURAL)
                .toList();
    }

    long seed() {
        return seed;
    }

    int householdCount() {
        return householdCount;
    }

    List<Commune> communes() {
        return communes;
    }

    /** Household {@code index} (0-based). Generating in index order is cheapest: one block is kept. */
    synchronized Household household(int index) {
        if (index < 0 || index >= householdCount) {
            throw new IndexOutOfBoundsException(index);
        }
        int block = index / BLOCK;
        if (block != cachedBlock) {
            cached = DemoPlan.generate(mix(seed, 11, block, 0), BLOCK).households();
            cachedBlock = block;
        }
        DemoPlan.HouseholdPlan demo = cached.get(index % BLOCK);
        List<Commune> sameArea = demo.areaType() == DemoPlan.AreaType.URBAN ? urban : rural;
        Commune commune = sameArea.get((int) Math.floorMod(mix(seed, 12, index, 0), (long) sameArea.size()));
        DemoPlan.Head head = new DemoPlan.Head(
                demo.head().fullName(),
                nationalId(index, demo.head().nationalId()),
                demo.head().birthYear());
        List<Review> reviews = new ArrayList<>();
        for (DemoPlan.ReviewPlan review : demo.reviews()) {
            reviews.add(new Review(review, grantsFor(seed, index, review.period(), review.expectedStatus())));
        }
        return new Household(
                index,
                commune.code(),
                demo.hamlet(),
                head,
                demo.memberCount(),
                demo.meritHousehold(),
                demo.ethnicMinority(),
                demo.registeredOn(),
                reviews,
                loanFor(seed, index, demo.reviews()));
    }

    /**
     * A 12-digit citizen ID unique in the province: the demo's gender-and-century digit and birth year, a province
     * code of 087 (088, 089, ... past a million households) and the index as the serial.
     */
    static String nationalId(int index, String demoNationalId) {
        return String.format("%03d", 87 + index / 1_000_000)
                + demoNationalId.substring(3, 6)
                + String.format("%06d", index % 1_000_000);
    }

    /**
     * The communes: codes P001, P002, ..., every tenth (P001, P011, ...) an urban ward. Each commune's recorded total
     * is its share of the households over 0.8 (so that the registered households are about 80% of the recorded
     * ones, as in the demo), growing 0.4% to 1.6% a year.
     */
    private static List<Commune> communes(long seed, int householdCount, int communeCount) {
        Random random = new Random(mix(seed, 13, communeCount, 0));
        int urbanCount = (communeCount + 9) / 10;
        int ruralCount = communeCount - urbanCount;
        // the demo's urban share: its town is about 7.6% of the district's households
        double urbanShare = 0.076;
        List<Commune> communes = new ArrayList<>();
        for (int i = 0; i < communeCount; i++) {
            boolean isUrban = i % 10 == 0;
            String code = String.format("P%03d", i + 1);
            double share = isUrban ? urbanShare / urbanCount : (1 - urbanShare) / ruralCount;
            int total = (int) Math.max(1, Math.round(householdCount * share / 0.8));
            List<DemoPlan.HouseholdCount> counts = new ArrayList<>();
            for (int year = 2020; year <= 2025; year++) {
                counts.add(new DemoPlan.HouseholdCount(LocalDate.of(year, 12, 31), total));
                total += Math.max(1, Math.round(total * (0.004 + random.nextDouble() * 0.012)));
            }
            communes.add(new Commune(
                    code,
                    (isUrban ? "Phường " : "Xã ") + "Benchmark " + (i + 1),
                    isUrban ? DemoPlan.AreaType.URBAN : DemoPlan.AreaType.RURAL,
                    List.copyOf(counts)));
        }
        return List.copyOf(communes);
    }

    /** The demo's grant rule: most poor get health insurance and electricity, most near-poor partial insurance. */
    static List<String> grantsFor(long seed, int householdIndex, int period, DemoPlan.Status status) {
        Random random = new Random(mix(seed, 5, householdIndex, period));
        List<String> policies = new ArrayList<>();
        if (status == DemoPlan.Status.POOR) {
            addIf(policies, random, 0.92, "HEALTH_INSURANCE_FULL");
            addIf(policies, random, 0.85, "ELECTRICITY_SUPPORT");
            addIf(policies, random, 0.30, "TUITION_EXEMPTION");
            addIf(policies, random, 0.20, "PRODUCTION_SUPPORT");
        } else if (status == DemoPlan.Status.NEAR_POOR) {
            addIf(policies, random, 0.88, "HEALTH_INSURANCE_PARTIAL");
            addIf(policies, random, 0.15, "VOCATIONAL_TRAINING");
        }
        return List.copyOf(policies);
    }

    /**
     * The demo's loan rule: about a third of the households POOR in 2023 borrow from POOR_HOUSEHOLD in March 2023,
     * about a quarter of those NEAR_POOR in 2024 from NEAR_POOR_HOUSEHOLD in March 2024, for 36 months, repaid every
     * six months (mostly on time, some late, some stop paying).
     */
    static Optional<Loan> loanFor(long seed, int householdIndex, List<DemoPlan.ReviewPlan> reviews) {
        Random random = new Random(mix(seed, 6, householdIndex, 0));
        for (DemoPlan.ReviewPlan review : reviews) {
            boolean poor = review.period() == 2023 && review.expectedStatus() == DemoPlan.Status.POOR;
            boolean nearPoor = review.period() == 2024 && review.expectedStatus() == DemoPlan.Status.NEAR_POOR;
            if ((poor && random.nextDouble() < 0.35) || (nearPoor && random.nextDouble() < 0.25)) {
                String program = poor ? "POOR_HOUSEHOLD" : "NEAR_POOR_HOUSEHOLD";
                long principal = 5_000_000L * (4 + random.nextInt(9));
                int term = 36;
                LocalDate applied = LocalDate.of(review.period(), 3, 1).plusDays(random.nextInt(20));
                LocalDate approved = applied.plusDays(5 + random.nextInt(5));
                LocalDate disbursed = approved.plusDays(5 + random.nextInt(10));
                List<Repayment> repayments = new ArrayList<>();
                int instalments = (term + 5) / 6;
                long each = principal / instalments;
                boolean skipper = random.nextDouble() < 0.15;
                for (int k = 1; k <= instalments; k++) {
                    LocalDate due = disbursed.plusMonths(Math.min(6L * k, term));
                    long amount = k < instalments ? each : principal - each * (instalments - 1);
                    LocalDate paid = random.nextDouble() < 0.8
                            ? due.minusDays(random.nextInt(10))
                            : due.plusDays(10 + random.nextInt(60));
                    if ((skipper && k >= 2) || paid.isAfter(LOANS_UNTIL)) {
                        break;
                    }
                    repayments.add(new Repayment(paid, amount));
                }
                return Optional.of(
                        new Loan(program, principal, term, applied, approved, disbursed, List.copyOf(repayments)));
            }
        }
        return Optional.empty();
    }

    private static void addIf(List<String> policies, Random random, double probability, String policy) {
        if (random.nextDouble() < probability) {
            policies.add(policy);
        }
    }

    /** Seeds for independent streams: SplitMix64 over the seed and the stream's coordinates (as the demo's). */
    static long mix(long seed, long stream, long a, long b) {
        long z = seed;
        for (long part : new long[] {stream, a, b}) {
            z += 0x9E3779B97F4A7C15L * (part + 1);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
        }
        return z;
    }
}

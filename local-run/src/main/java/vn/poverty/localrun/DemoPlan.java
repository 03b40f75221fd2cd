package vn.poverty.localrun;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The demo data set, computed in memory from a seed and nothing else: the communes of Cao Lanh district with their
 * household totals, and a few hundred households with five annual reviews each (periods 2021..2025) and the decisions
 * that recognise them. {@link DemoData} sends a plan to the command side; tests inspect it without HTTP.
 *
 * <p>Determinism: every random choice comes from {@link java.util.Random} instances seeded from the plan's seed (and,
 * per household or per commune-year, from its index), so the same seed always gives the same plan, and household
 * {@code i} is the same whatever the number of households asked for (a plan of 100 is a prefix of a plan of 400).
 *
 * <p>Trajectories: every household's income per person rises from year to year. A minority start POOR; each of them
 * escapes in a year between 2022 and 2026 (2026 meaning "still poor in the 2025 list"), and the escape years are
 * spread by the household's index so that the district's POOR count falls strictly every year as soon as the plan has
 * a dozen households. Nobody enters POOR. Merit households are never poor after the 2021 list (the plan's target).
 */
public record DemoPlan(long seed, List<CommunePlan> communes, List<HouseholdPlan> households) {

    public static final long DEFAULT_SEED = 20_201_215L;
    public static final int DEFAULT_HOUSEHOLDS = 400;
    public static final int FIRST_PERIOD = 2021;
    public static final int LAST_PERIOD = 2025;
    /** With fewer households than this the strictly falling POOR count is not guaranteed (see the class comment). */
    public static final int MIN_HOUSEHOLDS_FOR_FALLING_POOR_COUNT = 12;

    public enum AreaType {
        RURAL,
        URBAN
    }

    public enum Status {
        POOR,
        NEAR_POOR,
        NOT_POOR
    }

    /** A commune, its sample code and its recorded household totals (the denominators of its rates). */
    public record CommunePlan(String code, String name, AreaType areaType, List<HouseholdCount> counts) {
        public CommunePlan {
            counts = List.copyOf(counts);
        }
    }

    public record HouseholdCount(LocalDate asOf, int totalHouseholds) {}

    public record Head(String fullName, String nationalId, int birthYear) {}

    /** One household to register, with its reviews in period order. {@code index} is its place in the plan. */
    public record HouseholdPlan(
            int index,
            String communeCode,
            AreaType areaType,
            String hamlet,
            Head head,
            int memberCount,
            boolean meritHousehold,
            boolean ethnicMinority,
            LocalDate registeredOn,
            List<ReviewPlan> reviews) {
        public HouseholdPlan {
            reviews = List.copyOf(reviews);
        }
    }

    /**
     * One annual review and the decision that recognises it. {@code expectedStatus} is what the standard gives for
     * this income and these deprivations; the command side computes it again and the loader compares.
     */
    public record ReviewPlan(
            int period,
            LocalDate assessedOn,
            String standard,
            long incomePerCapita,
            List<String> deprivations,
            Status expectedStatus,
            String decisionRef,
            LocalDate decidedOn) {
        public ReviewPlan {
            deprivations = List.copyOf(deprivations);
        }
    }

    public DemoPlan {
        communes = List.copyOf(communes);
        households = List.copyOf(households);
    }

    /** Number of POST requests the plan takes. */
    public int requestCount() {
        int perCommune = communes.stream().mapToInt(c -> 1 + c.counts().size()).sum();
        int perHousehold =
                households.stream().mapToInt(h -> 1 + 2 * h.reviews().size()).sum();
        int grants = households.stream()
                .mapToInt(h -> h.reviews().stream()
                        .mapToInt(r -> grantsFor(seed, h.index(), r.period(), r.expectedStatus())
                                .size())
                        .sum())
                .sum();
        int loans = households.stream()
                .mapToInt(h -> loanFor(seed, h.index(), h.reviews())
                        .map(l -> 3 + l.repayments().size())
                        .orElse(0))
                .sum();
        return perCommune + perHousehold + grants + loans;
    }

    /** Expected statuses per period: period -> status -> number of households. */
    public Map<Integer, Map<Status, Integer>> expectedStatusCounts() {
        Map<Integer, Map<Status, Integer>> counts = new TreeMap<>();
        for (int period = FIRST_PERIOD; period <= LAST_PERIOD; period++) {
            Map<Status, Integer> row = new EnumMap<>(Status.class);
            for (Status status : Status.values()) {
                row.put(status, 0);
            }
            counts.put(period, row);
        }
        for (HouseholdPlan household : households) {
            for (ReviewPlan review : household.reviews()) {
                counts.get(review.period()).merge(review.expectedStatus(), 1, Integer::sum);
            }
        }
        return counts;
    }

    // ------------------------------------------------------------------------------------------------------------
    // The poverty standards as DESIGN.md states them (the command side holds the authoritative copy).

    public static final String DECISION_59_2015 = "DECISION_59_2015";
    public static final String DECREE_07_2021 = "DECREE_07_2021";

    static final List<String> INDICATORS_59 = List.of(
            "HEALTHCARE_ACCESS",
            "HEALTH_INSURANCE",
            "ADULT_EDUCATION",
            "CHILD_SCHOOLING",
            "HOUSING_QUALITY",
            "HOUSING_AREA",
            "DRINKING_WATER",
            "SANITATION",
            "TELECOM_SERVICES",
            "INFORMATION_ASSETS");
    static final List<String> INDICATORS_07 = List.of(
            "EMPLOYMENT",
            "DEPENDANTS",
            "NUTRITION",
            "HEALTH_INSURANCE",
            "ADULT_EDUCATION",
            "CHILD_SCHOOLING",
            "HOUSING_QUALITY",
            "HOUSING_AREA",
            "DRINKING_WATER",
            "SANITATION",
            "TELECOM_SERVICES",
            "INFORMATION_ASSETS");

    public static String standardFor(int period) {
        return period <= 2021 ? DECISION_59_2015 : DECREE_07_2021;
    }

    public static List<String> indicatorsOf(String standard) {
        return DECISION_59_2015.equals(standard) ? INDICATORS_59 : INDICATORS_07;
    }

    /** The classification rule of DESIGN.md for the two standards the demo uses. */
    public static Status classify(String standard, AreaType area, long income, int deprivations) {
        if (DECISION_59_2015.equals(standard)) {
            long low = area == AreaType.URBAN ? 900_000 : 700_000;
            long high = area == AreaType.URBAN ? 1_300_000 : 1_000_000;
            if (income <= low) {
                return Status.POOR;
            }
            if (income <= high) {
                return deprivations >= 3 ? Status.POOR : Status.NEAR_POOR;
            }
            return Status.NOT_POOR;
        }
        long line = area == AreaType.URBAN ? 2_000_000 : 1_500_000;
        if (income <= line) {
            return deprivations >= 3 ? Status.POOR : Status.NEAR_POOR;
        }
        return Status.NOT_POOR;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Generation

    /**
     * The communes of Cao Lanh district (Đồng Tháp) as they were in 2021–2025. The codes CL01..CL18 are SAMPLE codes
     * made up for the demo, not the official administrative unit codes.
     */
    private static final String[][] COMMUNES = {
        {"CL01", "Thị trấn Mỹ Thọ", "URBAN"},
        {"CL02", "Xã Ba Sao", "RURAL"},
        {"CL03", "Xã Bình Hàng Tây", "RURAL"},
        {"CL04", "Xã Bình Hàng Trung", "RURAL"},
        {"CL05", "Xã Bình Thạnh", "RURAL"},
        {"CL06", "Xã Gáo Giồng", "RURAL"},
        {"CL07", "Xã Mỹ Hiệp", "RURAL"},
        {"CL08", "Xã Mỹ Hội", "RURAL"},
        {"CL09", "Xã Mỹ Long", "RURAL"},
        {"CL10", "Xã Mỹ Thọ", "RURAL"},
        {"CL11", "Xã Mỹ Xương", "RURAL"},
        {"CL12", "Xã Nhị Mỹ", "RURAL"},
        {"CL13", "Xã Phong Mỹ", "RURAL"},
        {"CL14", "Xã Phương Thịnh", "RURAL"},
        {"CL15", "Xã Phương Trà", "RURAL"},
        {"CL16", "Xã Tân Hội Trung", "RURAL"},
        {"CL17", "Xã Tân Nghĩa", "RURAL"},
        {"CL18", "Xã An Bình", "RURAL"},
    };

    private static final String[] SURNAMES = {
        "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Trần", "Lê",
        "Lê", "Lê", "Phạm", "Phạm", "Huỳnh", "Huỳnh", "Võ", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Ngô", "Hồ",
        "Dương", "Lâm", "Đoàn", "Lương", "Mai", "Cao", "Đinh", "Tô",
    };
    /** Surnames common among the Khmer and Hoa people of the Mekong delta, for the ethnic-minority households. */
    private static final String[] MINORITY_SURNAMES = {"Thạch", "Danh", "Sơn", "Kim", "Chau", "Lý", "Quách"};

    private static final String[] MALE_MIDDLE = {"Văn", "Văn", "Văn", "Hữu", "Minh", "Thanh", "Quốc", "Công", "Hoàng"};
    private static final String[] FEMALE_MIDDLE = {"Thị", "Thị", "Thị", "Ngọc", "Kim", "Thanh", "Bích", "Mỹ"};
    private static final String[] MALE_GIVEN = {
        "An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hòa", "Hùng", "Khánh", "Lộc", "Long", "Minh", "Nam", "Nghĩa",
        "Phúc", "Phước", "Quang", "Sang", "Sơn", "Tài", "Tâm", "Thành", "Thắng", "Trí", "Tuấn", "Vinh", "Hiếu",
    };
    private static final String[] FEMALE_GIVEN = {
        "Anh", "Bích", "Cúc", "Diễm", "Dung", "Hạnh", "Hoa", "Hồng", "Lan", "Liên", "Loan", "Mai", "Nga", "Nhung",
        "Phượng", "Thảo", "Thu", "Trang", "Tuyết", "Vân", "Xuân", "Yến", "Hương",
    };
    /** Đồng Tháp's province code, the first three digits of a citizen identity card number. */
    private static final String PROVINCE_CODE = "087";

    /** Computes the plan for a seed and a number of households. Pure: no I/O, no clock. */
    public static DemoPlan generate(long seed, int householdCount) {
        if (householdCount < 0) {
            throw new IllegalArgumentException("householdCount must be >= 0");
        }
        List<CommunePlan> communes = communes(seed);
        List<HouseholdPlan> households = new ArrayList<>(householdCount);
        for (int i = 0; i < householdCount; i++) {
            households.add(household(seed, i, communes));
        }
        return new DemoPlan(seed, communes, households);
    }

    /**
     * The communes with their recorded household totals. Real communes of the district have a few thousand
     * households each, but the demo registers a few hundred in all; the totals are scaled so that the demo's
     * households are about 80% of the recorded ones (for {@value #DEFAULT_HOUSEHOLDS} households), which gives rates
     * like a real commune's instead of a fraction of a percent. The totals depend on the seed only, not on the
     * number of households, so a larger plan replays a smaller one's requests unchanged.
     */
    private static List<CommunePlan> communes(long seed) {
        Random random = new Random(mix(seed, 1, 0, 0));
        // statistical sizes: a few thousand households, the town somewhat larger
        int[] sizes = new int[COMMUNES.length];
        for (int i = 0; i < COMMUNES.length; i++) {
            AreaType area = AreaType.valueOf(COMMUNES[i][2]);
            sizes[i] = area == AreaType.URBAN ? 5_200 + random.nextInt(900) : 2_400 + random.nextInt(3_200);
        }
        double scale = DEFAULT_HOUSEHOLDS / 0.8 / java.util.Arrays.stream(sizes).sum();
        List<CommunePlan> communes = new ArrayList<>();
        for (int i = 0; i < COMMUNES.length; i++) {
            String[] row = COMMUNES[i];
            int total = (int) Math.max(1, Math.round(sizes[i] * scale));
            List<HouseholdCount> counts = new ArrayList<>();
            for (int year = 2020; year <= 2025; year++) {
                counts.add(new HouseholdCount(LocalDate.of(year, 12, 31), total));
                // +0.4% to +1.6% a year, at least one household
                total += Math.max(1, Math.round(total * (0.004 + random.nextDouble() * 0.012)));
            }
            communes.add(new CommunePlan(row[0], row[1], AreaType.valueOf(row[2]), counts));
        }
        return communes;
    }

    /**
     * The policies granted to a household for a period (1 January to 31 December) after the decision that gave it
     * {@code status}: most poor households get their health insurance and electricity support, most near-poor their
     * partial health insurance, some a need-based policy, so that coverage is high but not complete and the gaps
     * report has something to show. Deterministic in the seed, household and period.
     */
    static List<String> grantsFor(long seed, int householdIndex, int period, Status status) {
        Random random = new Random(mix(seed, 5, householdIndex, period));
        List<String> policies = new ArrayList<>();
        if (status == Status.POOR) {
            addIf(policies, random, 0.92, "HEALTH_INSURANCE_FULL");
            addIf(policies, random, 0.85, "ELECTRICITY_SUPPORT");
            addIf(policies, random, 0.30, "TUITION_EXEMPTION");
            addIf(policies, random, 0.20, "PRODUCTION_SUPPORT");
        } else if (status == Status.NEAR_POOR) {
            addIf(policies, random, 0.88, "HEALTH_INSURANCE_PARTIAL");
            addIf(policies, random, 0.15, "VOCATIONAL_TRAINING");
        }
        return policies;
    }

    /** A preferential loan of the demo: its programme and terms, its dates, and the repayments made. */
    record LoanPlan(
            String programCode,
            long principal,
            int termMonths,
            LocalDate appliedOn,
            LocalDate approvedOn,
            LocalDate disbursedOn,
            List<Repayment> repayments) {}

    /** A repayment of principal on a date. */
    record Repayment(LocalDate paidOn, long amount) {}

    /** The last date the demo's loans record repayments for. */
    static final LocalDate LOANS_UNTIL = LocalDate.of(2025, 11, 30);

    /**
     * About a third of the households that are poor in 2023 borrow from the POOR_HOUSEHOLD programme in March 2023,
     * and about a quarter of those near-poor in 2024 from NEAR_POOR_HOUSEHOLD in March 2024, for 36 months. Most
     * repay each instalment on time, some late, some skip one: the portfolio then has overdue loans to show.
     * Deterministic in the seed and household.
     */
    static java.util.Optional<LoanPlan> loanFor(long seed, int householdIndex, List<ReviewPlan> reviews) {
        Random random = new Random(mix(seed, 6, householdIndex, 0));
        for (ReviewPlan review : reviews) {
            boolean poor = review.period() == 2023 && review.expectedStatus() == Status.POOR;
            boolean nearPoor = review.period() == 2024 && review.expectedStatus() == Status.NEAR_POOR;
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
                return java.util.Optional.of(
                        new LoanPlan(program, principal, term, applied, approved, disbursed, repayments));
            }
        }
        return java.util.Optional.empty();
    }

    private static void addIf(List<String> policies, Random random, double probability, String policy) {
        if (random.nextDouble() < probability) {
            policies.add(policy);
        }
    }

    /** Where a household starts and when (if ever) it leaves its starting list. */
    private record Trajectory(Status start, int leavesIn, boolean nearPoorAfterEscape) {}

    private static HouseholdPlan household(long seed, int index, List<CommunePlan> communes) {
        Random random = new Random(mix(seed, 2, index, 0));
        CommunePlan commune = weightedCommune(communes, random);
        boolean urban = commune.areaType() == AreaType.URBAN;
        String hamlet = urban ? "Khóm " + (1 + random.nextInt(4)) : "Ấp " + (1 + random.nextInt(5));

        Trajectory trajectory = trajectory(index, random);
        boolean ethnicMinority = random.nextDouble() < 0.05;
        // merit households are never left poor after the 2021 list (the plan's target)
        boolean merit =
                random.nextDouble() < 0.07 && !(trajectory.start() == Status.POOR && trajectory.leavesIn() > 2022);

        boolean male = random.nextDouble() < 0.62;
        int birthYear = 1945 + random.nextInt(51);
        String surname = ethnicMinority ? pick(MINORITY_SURNAMES, random) : pick(SURNAMES, random);
        String fullName = surname + " " + (male ? pick(MALE_MIDDLE, random) : pick(FEMALE_MIDDLE, random)) + " "
                + (male ? pick(MALE_GIVEN, random) : pick(FEMALE_GIVEN, random));
        Head head = new Head(fullName, nationalId(seed, index, male, birthYear), birthYear);
        int memberCount = Math.max(1, Math.min(9, (int) Math.round(3.8 + random.nextGaussian() * 1.4)));
        LocalDate registeredOn = LocalDate.of(2020, 1, 2).plusDays(random.nextInt(290)); // by mid-October 2020

        List<ReviewPlan> reviews = reviews(seed, commune, trajectory, random);
        return new HouseholdPlan(
                index,
                commune.code(),
                commune.areaType(),
                hamlet,
                head,
                memberCount,
                merit,
                ethnicMinority,
                registeredOn,
                reviews);
    }

    /**
     * Which list a household starts on and when it leaves it. Three in ten start POOR; the escape year of two of
     * those three is fixed by the index (cycling through 2022..2026), which guarantees that every year from 2022 to
     * 2025 someone escapes; the third draws it at random. Two in ten start NEAR_POOR; half start NOT_POOR.
     */
    private static Trajectory trajectory(int index, Random random) {
        int slot = index % 10;
        int round = index / 10;
        return switch (slot) {
            case 0 -> new Trajectory(Status.POOR, 2022 + round % 5, random.nextBoolean());
            case 1 -> new Trajectory(Status.POOR, 2022 + (round + 2) % 5, random.nextBoolean());
            case 2 -> new Trajectory(Status.POOR, 2022 + random.nextInt(5), random.nextBoolean());
            case 3, 4 -> new Trajectory(Status.NEAR_POOR, 2022 + random.nextInt(5), false);
            default -> new Trajectory(Status.NOT_POOR, Integer.MAX_VALUE, false);
        };
    }

    private static Status statusIn(Trajectory trajectory, int period) {
        return switch (trajectory.start()) {
            case POOR ->
                period < trajectory.leavesIn()
                        ? Status.POOR
                        : trajectory.nearPoorAfterEscape() && period == trajectory.leavesIn()
                                ? Status.NEAR_POOR
                                : Status.NOT_POOR;
            case NEAR_POOR -> period < trajectory.leavesIn() ? Status.NEAR_POOR : Status.NOT_POOR;
            case NOT_POOR -> Status.NOT_POOR;
        };
    }

    private static List<ReviewPlan> reviews(long seed, CommunePlan commune, Trajectory trajectory, Random random) {
        AreaType area = commune.areaType();
        int periods = LAST_PERIOD - FIRST_PERIOD + 1;
        Status[] statuses = new Status[periods];
        for (int i = 0; i < periods; i++) {
            statuses[i] = statusIn(trajectory, FIRST_PERIOD + i);
        }
        long[] incomes = incomes(area, statuses, random);
        // the household's deprivations in order of persistence: the first ones are the last to be overcome
        List<String> order = new ArrayList<>(new LinkedHashSet<>(concat(INDICATORS_07, INDICATORS_59)));
        Collections.shuffle(order, random);

        List<ReviewPlan> reviews = new ArrayList<>();
        int previousDeprivations = Integer.MAX_VALUE;
        for (int i = 0; i < periods; i++) {
            int period = FIRST_PERIOD + i;
            Status status = statuses[i];
            String standard = standardFor(period);
            int deprivationCount = status == Status.POOR
                    ? Math.max(3, Math.min(previousDeprivations, 3 + random.nextInt(4)))
                    : Math.min(previousDeprivations, random.nextInt(3));
            List<String> indicators = indicatorsOf(standard);
            List<String> deprivations = order.stream()
                    .filter(indicators::contains)
                    .limit(deprivationCount)
                    .toList();

            Status expected = classify(standard, area, incomes[i], deprivations.size());
            if (expected != status) {
                throw new IllegalStateException("demo generator bug: " + status + " planned but " + expected
                        + " computed for income " + incomes[i] + " and " + deprivations);
            }
            Random decision = new Random(mix(seed, 3, communeIndex(commune), period));
            LocalDate decidedOn = LocalDate.of(period - 1, 12, 10 + decision.nextInt(9));
            String decisionRef = (120 + decision.nextInt(380)) + "/QĐ-UBND";
            LocalDate assessedOn = LocalDate.of(period - 1, 11, 5 + random.nextInt(21));
            reviews.add(new ReviewPlan(
                    period, assessedOn, standard, incomes[i], deprivations, expected, decisionRef, decidedOn));
            previousDeprivations = deprivations.size();
        }
        return reviews;
    }

    /**
     * A rising income per person for each period that fits the planned statuses. A household that climbs above the
     * line in some year gets a path that leads there (anchored just above that year's line and growing 6-20% a year
     * before it); any other household starts somewhere in its first band and grows 3-12% a year.
     */
    private static long[] incomes(AreaType area, Status[] statuses, Random random) {
        int periods = statuses.length;
        long[] incomes = new long[periods];
        int climbs = -1;
        for (int i = 1; i < periods; i++) {
            if (statuses[i] == Status.NOT_POOR && statuses[i - 1] != Status.NOT_POOR) {
                climbs = i;
            }
        }
        if (climbs > 0) {
            String standard = standardFor(FIRST_PERIOD + climbs);
            long[] above = incomeBand(standard, area, Status.NOT_POOR);
            incomes[climbs] =
                    band(Math.round(above[0] * (1.0 + random.nextDouble() * 0.18)), standard, area, Status.NOT_POOR);
            for (int i = climbs - 1; i >= 0; i--) {
                String earlier = standardFor(FIRST_PERIOD + i);
                long[] range = incomeBand(earlier, area, statuses[i]);
                long income = Math.round(incomes[i + 1] / (1.06 + random.nextDouble() * 0.14));
                if (income > range[1]) {
                    // the line was lower then (Decision 59): somewhere in the upper part of that band, not all on it
                    income = range[1] - Math.round(random.nextDouble() * 0.35 * (range[1] - range[0]));
                }
                incomes[i] = Math.min(incomes[i + 1], band(income, earlier, area, statuses[i]));
            }
        } else {
            long[] first = incomeBand(standardFor(FIRST_PERIOD), area, statuses[0]);
            incomes[0] = band(
                    first[0] + Math.round(random.nextDouble() * (first[1] - first[0])),
                    standardFor(FIRST_PERIOD),
                    area,
                    statuses[0]);
            climbs = 0;
        }
        for (int i = climbs + 1; i < periods; i++) {
            double growth = 1.03 + random.nextDouble() * 0.09;
            incomes[i] = Math.max(
                    incomes[i - 1],
                    band(Math.round(incomes[i - 1] * growth), standardFor(FIRST_PERIOD + i), area, statuses[i]));
        }
        return incomes;
    }

    /** Rounds to 10,000 VND and keeps the income inside the band of the status. */
    private static long band(long income, String standard, AreaType area, Status status) {
        long[] band = incomeBand(standard, area, status);
        return Math.max(band[0], Math.min(band[1], roundTo10k(income)));
    }

    /**
     * Income per person per month (VND, inclusive bounds, multiples of 10,000) that gives the status under the
     * standard when the deprivations fit it (POOR: 3 or more, otherwise fewer than 3). Along an improving trajectory the
     * upper bounds never fall, so a rising income always fits.
     */
    static long[] incomeBand(String standard, AreaType area, Status status) {
        boolean urban = area == AreaType.URBAN;
        if (DECISION_59_2015.equals(standard)) {
            return switch (status) {
                case POOR -> urban ? new long[] {600_000, 1_250_000} : new long[] {450_000, 950_000};
                case NEAR_POOR -> urban ? new long[] {920_000, 1_300_000} : new long[] {720_000, 1_000_000};
                // well above the line, so that the household is still above the higher 2022 line a year later
                case NOT_POOR -> urban ? new long[] {1_950_000, 4_000_000} : new long[] {1_450_000, 3_000_000};
            };
        }
        // no income floor under Decree 07: POOR and NEAR_POOR differ by the deprivations only
        return switch (status) {
            case POOR, NEAR_POOR -> urban ? new long[] {600_000, 2_000_000} : new long[] {450_000, 1_500_000};
            case NOT_POOR -> urban ? new long[] {2_050_000, 10_000_000} : new long[] {1_550_000, 8_000_000};
        };
    }

    /**
     * A 12-digit citizen identity number: province (087), gender-and-century digit, two digits of the birth year and
     * six digits that are unique per index (an odd multiplier not divisible by 5 is a bijection modulo 10^6).
     */
    private static String nationalId(long seed, int index, boolean male, int birthYear) {
        int genderCentury = (birthYear >= 2000 ? 2 : 0) + (male ? 0 : 1);
        long offset = Math.floorMod(mix(seed, 4, 0, 0), 1_000_000L);
        long serial = Math.floorMod(offset + 7_919L * index, 1_000_000L);
        return PROVINCE_CODE + genderCentury + String.format("%02d%06d", birthYear % 100, serial);
    }

    private static CommunePlan weightedCommune(List<CommunePlan> communes, Random random) {
        int total = communes.stream()
                .mapToInt(c -> c.counts().get(0).totalHouseholds())
                .sum();
        int target = random.nextInt(total);
        for (CommunePlan commune : communes) {
            target -= commune.counts().get(0).totalHouseholds();
            if (target < 0) {
                return commune;
            }
        }
        return communes.get(communes.size() - 1);
    }

    private static int communeIndex(CommunePlan commune) {
        for (int i = 0; i < COMMUNES.length; i++) {
            if (COMMUNES[i][0].equals(commune.code())) {
                return i;
            }
        }
        throw new IllegalArgumentException(commune.code());
    }

    private static long roundTo10k(long value) {
        return Math.round(value / 10_000.0) * 10_000;
    }

    private static String pick(String[] values, Random random) {
        return values[random.nextInt(values.length)];
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Seeds for independent streams: SplitMix64 over the seed and the stream's coordinates. */
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

    /** The distinct indicator codes of both standards, for tests. */
    static Set<String> allIndicators() {
        return new LinkedHashSet<>(concat(INDICATORS_07, INDICATORS_59));
    }
}

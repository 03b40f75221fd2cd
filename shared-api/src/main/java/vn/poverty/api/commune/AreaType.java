package vn.poverty.api.commune;

/** Kind of administrative unit: a rural commune (xã) or an urban ward / town (phường, thị trấn). */
public enum AreaType {
    RURAL,
    URBAN
}

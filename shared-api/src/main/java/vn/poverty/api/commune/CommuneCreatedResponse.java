package vn.poverty.api.commune;

/** Result of {@link CreateCommuneCommand}. */
public record CommuneCreatedResponse(String code) {}

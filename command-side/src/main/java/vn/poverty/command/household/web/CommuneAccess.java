package vn.poverty.command.household.web;

import org.springframework.stereotype.Component;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.command.household.HouseholdRegistry;
import vn.poverty.platform.security.CurrentUser;
import vn.poverty.platform.security.PovertyUser;
import vn.poverty.platform.web.ApiException;

/** Commune officers write only for households of their own communes: anywhere else is 403. */
@Component
public class CommuneAccess {

    private final HouseholdRegistry registry;

    CommuneAccess(HouseholdRegistry registry) {
        this.registry = registry;
    }

    public void checkWriteIn(String communeCode) {
        PovertyUser user = CurrentUser.get();
        if (!user.mayWriteIn(communeCode)) {
            throw ApiException.forbidden("You may not write for households of commune " + communeCode);
        }
    }

    /** Checks the household's commune; an unknown household passes (the command then answers 404). */
    public void checkWriteFor(HouseholdId householdId) {
        registry.communeOf(householdId).ifPresent(this::checkWriteIn);
    }
}

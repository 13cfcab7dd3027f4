package io.cdrvault.query.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DimensionTest {

  @Test
  void destinationCountry_isTheCountryCallingCode_orOther() {
    assertThat(Dimension.countryOf(PhoneNumber.e164("2125550100", "+12125550100"))).isEqualTo("+1");
    assertThat(Dimension.countryOf(PhoneNumber.e164("x", "+442079460999"))).isEqualTo("+44");
    assertThat(Dimension.countryOf(PhoneNumber.e164("x", "+85223456789"))).isEqualTo("+852");
    assertThat(Dimension.countryOf(PhoneNumber.other("12345", NumberKind.SHORT_CODE)))
        .isEqualTo(Dimension.OTHER_COUNTRY);
    assertThat(Dimension.countryOf(PhoneNumber.EMPTY)).isEqualTo(Dimension.OTHER_COUNTRY);
    assertThat(Dimension.countryOf(null)).isEqualTo(Dimension.OTHER_COUNTRY);
  }

  @Test
  void groupBy_parsesKnownNames_andRejectsUnknownOrRepeated() {
    List<Dimension> out = new ArrayList<>();
    assertThat(AggregateEndpoints.parseGroupBy("type, destinationCountry,hourOfDay", out)).isNull();
    assertThat(out).containsExactly(Dimension.TYPE, Dimension.DESTINATION_COUNTRY,
        Dimension.HOUR_OF_DAY);
    assertThat(AggregateEndpoints.parseGroupBy(null, new ArrayList<>())).isNull();
    assertThat(AggregateEndpoints.parseGroupBy("calling", new ArrayList<>())).contains("groupBy");
    assertThat(AggregateEndpoints.parseGroupBy("type,type", new ArrayList<>())).contains("twice");
    assertThat(AggregateEndpoints.parseGroupBy("type,", new ArrayList<>())).isNotNull();
  }
}

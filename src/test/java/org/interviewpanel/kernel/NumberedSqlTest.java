package org.interviewpanel.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The binding itself runs against PostgreSQL in every rating after a panelist's first (ScoringResourceTest and others). */
class NumberedSqlTest {

    @Test
    void eachNumberedParameterBecomesAPlaceholderWhereverItRepeats() {
        NumberedSql sql = NumberedSql.of("select ?2, ?1 from t where a = ?1 and b = ?10");
        assertThat(sql.jdbc()).isEqualTo("select ?, ? from t where a = ? and b = ?");
    }
}

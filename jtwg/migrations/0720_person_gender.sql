-- A person's grammatical gender, which generated French agrees with ("Coprésidente", "Intervenant"):
-- 'f', 'm', or NULL when unknown (a neutral wording is used then: "Coprésidence", "Intervention").
ALTER TABLE person ADD COLUMN gender VARCHAR;

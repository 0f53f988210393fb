//! Names historians give to well-known alliances, by COW alliance id (Formal
//! Alliances v4.1 `version4id`), so an imported scenario and its map legend say
//! "NATO" rather than a list of members. Each id was checked against the
//! member-level file by its members and dates; an alliance not listed keeps a
//! name made of its members. COW has no row for some famous pacts (the Holy
//! Alliance of September 1815, the Anglo-Russian Convention of 1907, the
//! Entente Cordiale of 1904, which it codes as the Anglo-French exchange of
//! letters of November 1912), so they are not here.

/// `(COW alliance id, name)`, by id.
pub const ALLIANCE_NAMES: &[(u32, &str)] = &[
    (1, "Anglo-Portuguese Alliance"),
    (3, "German Confederation"),
    (6, "Quadruple Alliance, 1815"),
    (8, "Treaty of London, 1827"),
    (15, "Münchengrätz Agreement"),
    (19, "Quadruple Alliance, 1834"),
    (35, "Tripartite Treaty, 1856"),
    (48, "Triple Alliance, 1865"),
    (61, "League of the Three Emperors"),
    (64, "Dual Alliance"),
    (65, "Austro-Serbian Alliance"),
    (66, "Three Emperors' Alliance"),
    (67, "Triple Alliance"),
    (68, "Triple Alliance with Romania"),
    (69, "First Mediterranean Agreement"),
    (71, "Reinsurance Treaty"),
    (72, "Second Mediterranean Agreement"),
    (73, "Franco-Russian Entente"),
    (74, "Franco-Russian Alliance"),
    (77, "Anglo-Japanese Alliance"),
    (78, "Prinetti–Barrère Agreement"),
    (83, "Pact of Cartagena"),
    (86, "Racconigi Agreement"),
    (91, "Anglo-French Entente, 1912"),
    (92, "Greek–Serbian Alliance"),
    (93, "Ottoman–German Alliance"),
    (98, "Treaty of London, 1915"),
    (102, "Little Entente: CZE–YUG"),
    (104, "Franco-Polish Alliance"),
    (107, "Polish–Romanian Alliance"),
    (108, "Little Entente: CZE–ROM"),
    (109, "Little Entente: ROM–YUG"),
    (111, "Four-Power Treaty"),
    (114, "Estonian–Latvian Alliance"),
    (115, "Franco-Czechoslovak Alliance"),
    (118, "Locarno Rhineland Pact"),
    (119, "Locarno: France–Poland"),
    (120, "Locarno: France–Czechoslovakia"),
    (123, "Treaty of Berlin, 1926"),
    (124, "Franco-Romanian Treaty"),
    (129, "Soviet–Lithuanian Non-Aggression Pact"),
    (130, "First Treaty of Tirana"),
    (132, "Franco-Yugoslav Treaty"),
    (133, "Second Treaty of Tirana"),
    (145, "Soviet–Finnish Non-Aggression Pact"),
    (146, "Soviet–Latvian Non-Aggression Pact"),
    (147, "Soviet–Estonian Non-Aggression Pact"),
    (148, "Soviet–Polish Non-Aggression Pact"),
    (150, "Italo-Soviet Pact"),
    (153, "German–Polish Non-Aggression Pact"),
    (154, "Balkan Entente"),
    (155, "Rome Protocols"),
    (157, "Baltic Entente"),
    (159, "Franco-Soviet Treaty, 1935"),
    (160, "Czechoslovak–Soviet Alliance"),
    (164, "Anti-Comintern Pact"),
    (166, "Italo-Yugoslav Pact"),
    (169, "Nyon Agreement"),
    (171, "Salonika Agreement"),
    (173, "Iberian Pact"),
    (174, "Anglo-Polish Alliance"),
    (175, "Pact of Steel"),
    (180, "Molotov–Ribbentrop Pact"),
    (184, "Anglo-Franco-Turkish Treaty"),
    (189, "Tripartite Pact"),
    (193, "Anglo-Soviet Alliance"),
    (197, "Franco-Soviet Treaty, 1944"),
    (198, "Act of Chapultepec"),
    (199, "Arab League"),
    (210, "Rio Treaty"),
    (218, "Brussels Treaty"),
    (220, "Finno-Soviet Treaty"),
    (227, "NATO"),
    (229, "Sino-Soviet Treaty, 1950"),
    (230, "Arab League defence treaty"),
    (232, "ANZUS"),
    (234, "Balkan Pact, 1953"),
    (238, "SEATO"),
    (241, "Baghdad Pact / CENTO"),
    (243, "Warsaw Pact"),
    (252, "NORAD"),
    (259, "Cyprus Treaty of Guarantee"),
];

/// The historians' name of COW alliance `id`, if it has one here.
pub fn alliance_name(id: u32) -> Option<&'static str> {
    ALLIANCE_NAMES
        .binary_search_by_key(&id, |&(i, _)| i)
        .ok()
        .map(|i| ALLIANCE_NAMES[i].1)
}

/// The scenario name of COW alliance `id`: `NATO (COW 227)` when it has a
/// name, else `COW 227: ` and `members` (a short list of member ids).
pub fn scenario_name(id: u32, members: &str) -> String {
    match alliance_name(id) {
        Some(n) => format!("{n} (COW {id})"),
        None => format!("COW {id}: {members}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_and_found() {
        assert!(ALLIANCE_NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(alliance_name(227), Some("NATO"));
        assert_eq!(alliance_name(243), Some("Warsaw Pact"));
        assert_eq!(alliance_name(2), None);
        assert_eq!(scenario_name(67, "GMY–AUH–ITA"), "Triple Alliance (COW 67)");
        assert_eq!(scenario_name(2, "UKG–SWD"), "COW 2: UKG–SWD");
    }

    #[test]
    fn named_ids_are_the_alliances_in_the_cow_file() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/cow/alliance_v4.1_by_member.csv"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("skipped: {path} is not there");
            return;
        };
        // (id, ccode, start year) of every membership.
        let rows: Vec<(u32, u32, i32)> = text
            .lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                Some((
                    f[0].parse().ok()?,
                    f[1].parse().ok()?,
                    f.get(5)?.parse().ok()?,
                ))
            })
            .collect();
        let has = |id: u32, ccode: u32| rows.iter().any(|r| r.0 == id && r.1 == ccode);
        for &(id, name) in ALLIANCE_NAMES {
            assert!(
                rows.iter().any(|r| r.0 == id),
                "{name}: no COW alliance {id}"
            );
        }
        // Members and start years that identify the best-known ones.
        for (id, members, year) in [
            (64, &[255, 300][..], 1879),
            (67, &[255, 300, 325], 1882),
            (74, &[220, 365], 1893),
            (77, &[200, 740], 1902),
            (175, &[255, 325], 1939),
            (227, &[2, 20, 200, 220], 1949),
            (243, &[365, 290, 315, 265], 1955),
        ] {
            assert!(members.iter().all(|&c| has(id, c)), "{id}");
            assert!(rows.iter().any(|r| r.0 == id && r.2 == year), "{id} {year}");
        }
    }
}

/// The name historians give a state in `year` where it differs from the COW
/// state list's one name for every period: COW's "Yugoslavia" (ccode 345) is
/// Serbia before 1918 and COW's "Turkey" (640) the Ottoman Empire before 1923.
pub fn state_name(ccode: u32, year: i32, cow_name: &str) -> String {
    match (ccode, year) {
        (345, ..1918) => "Serbia".to_string(),
        (640, ..1923) => "Ottoman Empire".to_string(),
        _ => cow_name.to_string(),
    }
}

#[cfg(test)]
mod period_names {
    use super::state_name;

    #[test]
    fn states_are_named_as_in_their_period() {
        assert_eq!(state_name(345, 1914, "Yugoslavia"), "Serbia");
        assert_eq!(state_name(345, 1938, "Yugoslavia"), "Yugoslavia");
        assert_eq!(state_name(640, 1914, "Turkey"), "Ottoman Empire");
        assert_eq!(state_name(640, 1985, "Turkey"), "Turkey");
        assert_eq!(state_name(200, 1914, "United Kingdom"), "United Kingdom");
    }
}

//! Capital cities of the states in the COW state list (State System Membership
//! v2016, 1816–2016), for drawing a world on a map: `import-cow` writes each
//! state's `capital = [lat, lon]` from this table. The model never reads it.
//!
//! Source: the well-known coordinates of each capital city, as listed in common
//! gazetteers such as GeoNames, rounded to 0.1°; this is not a COW data set and
//! not a historical atlas. Where a capital moved, the table holds one row per
//! capital with the first year it served, and the import picks the capital of
//! its `--year`: Turin, Florence and Rome for Sardinia/Italy (325), St
//! Petersburg until 1917 and Moscow from 1918 (365), Constantinople until 1922
//! and Ankara from 1923 (640), Nafplio and Athens (350), Beijing, Nanjing
//! (1928–1948) and Beijing (710), and the later moves of Brazil, Bolivia
//! (seat of government), Australia, Pakistan, Nigeria, Côte d'Ivoire, Malawi,
//! Tanzania, Kazakhstan, Myanmar, Lithuania (Kaunas between the wars), Morocco
//! and Palau. Portugal is Lisbon throughout, the German states their
//! residence cities (Hesse Electoral: Kassel; Hesse Grand Ducal: Darmstadt),
//! Israel Jerusalem.

/// A state's capital from a given year on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Capital {
    /// COW country code.
    pub ccode: u32,
    /// First year it was the capital (0: from the start of the data).
    pub from: i32,
    /// The city.
    pub city: &'static str,
    /// Latitude in degrees, north positive.
    pub lat: f64,
    /// Longitude in degrees, east positive.
    pub lon: f64,
}

const fn row(ccode: u32, from: i32, city: &'static str, lat: f64, lon: f64) -> Capital {
    Capital {
        ccode,
        from,
        city,
        lat,
        lon,
    }
}

/// Every capital, by ccode, then by the year it became the capital.
pub const CAPITALS: &[Capital] = &[
    row(2, 0, "Washington", 38.9, -77.0),
    row(20, 0, "Ottawa", 45.4, -75.7),
    row(31, 0, "Nassau", 25.1, -77.3),
    row(40, 0, "Havana", 23.1, -82.4),
    row(41, 0, "Port-au-Prince", 18.5, -72.3),
    row(42, 0, "Santo Domingo", 18.5, -69.9),
    row(51, 0, "Kingston", 18.0, -76.8),
    row(52, 0, "Port of Spain", 10.7, -61.5),
    row(53, 0, "Bridgetown", 13.1, -59.6),
    row(54, 0, "Roseau", 15.3, -61.4),
    row(55, 0, "St. George's", 12.1, -61.7),
    row(56, 0, "Castries", 14.0, -61.0),
    row(57, 0, "Kingstown", 13.2, -61.2),
    row(58, 0, "St. John's", 17.1, -61.8),
    row(60, 0, "Basseterre", 17.3, -62.7),
    row(70, 0, "Mexico City", 19.4, -99.1),
    row(80, 0, "Belmopan", 17.3, -88.8),
    row(90, 0, "Guatemala City", 14.6, -90.5),
    row(91, 0, "Tegucigalpa", 14.1, -87.2),
    row(92, 0, "San Salvador", 13.7, -89.2),
    row(93, 0, "Managua", 12.1, -86.3),
    row(94, 0, "San José", 9.9, -84.1),
    row(95, 0, "Panama City", 9.0, -79.5),
    row(100, 0, "Bogotá", 4.6, -74.1),
    row(101, 0, "Caracas", 10.5, -66.9),
    row(110, 0, "Georgetown", 6.8, -58.2),
    row(115, 0, "Paramaribo", 5.9, -55.2),
    row(130, 0, "Quito", -0.2, -78.5),
    row(135, 0, "Lima", -12.0, -77.0),
    row(140, 0, "Rio de Janeiro", -22.9, -43.2),
    row(140, 1960, "Brasília", -15.8, -47.9),
    row(145, 0, "Sucre", -19.0, -65.3),
    row(145, 1899, "La Paz", -16.5, -68.1),
    row(150, 0, "Asunción", -25.3, -57.6),
    row(155, 0, "Santiago", -33.4, -70.6),
    row(160, 0, "Buenos Aires", -34.6, -58.4),
    row(165, 0, "Montevideo", -34.9, -56.2),
    row(200, 0, "London", 51.5, -0.1),
    row(205, 0, "Dublin", 53.3, -6.3),
    row(210, 0, "Amsterdam", 52.4, 4.9),
    row(211, 0, "Brussels", 50.8, 4.4),
    row(212, 0, "Luxembourg", 49.6, 6.1),
    row(220, 0, "Paris", 48.9, 2.4),
    row(221, 0, "Monaco", 43.7, 7.4),
    row(223, 0, "Vaduz", 47.1, 9.5),
    row(225, 0, "Bern", 46.9, 7.4),
    row(230, 0, "Madrid", 40.4, -3.7),
    row(232, 0, "Andorra la Vella", 42.5, 1.5),
    row(235, 0, "Lisbon", 38.7, -9.1),
    row(240, 0, "Hanover", 52.4, 9.7),
    row(245, 0, "Munich", 48.1, 11.6),
    row(255, 0, "Berlin", 52.5, 13.4),
    row(260, 0, "Bonn", 50.7, 7.1),
    row(265, 0, "East Berlin", 52.5, 13.4),
    row(267, 0, "Karlsruhe", 49.0, 8.4),
    row(269, 0, "Dresden", 51.1, 13.7),
    row(271, 0, "Stuttgart", 48.8, 9.2),
    row(273, 0, "Kassel", 51.3, 9.5),
    row(275, 0, "Darmstadt", 49.9, 8.7),
    row(280, 0, "Schwerin", 53.6, 11.4),
    row(290, 0, "Warsaw", 52.2, 21.0),
    row(300, 0, "Vienna", 48.2, 16.4),
    row(305, 0, "Vienna", 48.2, 16.4),
    row(310, 0, "Budapest", 47.5, 19.0),
    row(315, 0, "Prague", 50.1, 14.4),
    row(316, 0, "Prague", 50.1, 14.4),
    row(317, 0, "Bratislava", 48.1, 17.1),
    row(325, 0, "Turin", 45.1, 7.7),
    row(325, 1865, "Florence", 43.8, 11.3),
    row(325, 1871, "Rome", 41.9, 12.5),
    row(327, 0, "Rome", 41.9, 12.5),
    row(329, 0, "Naples", 40.9, 14.3),
    row(331, 0, "San Marino", 43.9, 12.4),
    row(332, 0, "Modena", 44.6, 10.9),
    row(335, 0, "Parma", 44.8, 10.3),
    row(337, 0, "Florence", 43.8, 11.3),
    row(338, 0, "Valletta", 35.9, 14.5),
    row(339, 0, "Tirana", 41.3, 19.8),
    row(341, 0, "Podgorica", 42.4, 19.3),
    row(343, 0, "Skopje", 42.0, 21.4),
    row(344, 0, "Zagreb", 45.8, 16.0),
    row(345, 0, "Belgrade", 44.8, 20.5),
    row(346, 0, "Sarajevo", 43.9, 18.4),
    row(347, 0, "Pristina", 42.7, 21.2),
    row(349, 0, "Ljubljana", 46.1, 14.5),
    row(350, 0, "Nafplio", 37.6, 22.8),
    row(350, 1834, "Athens", 38.0, 23.7),
    row(352, 0, "Nicosia", 35.2, 33.4),
    row(355, 0, "Sofia", 42.7, 23.3),
    row(359, 0, "Chișinău", 47.0, 28.9),
    row(360, 0, "Bucharest", 44.4, 26.1),
    row(365, 0, "St Petersburg", 59.9, 30.3),
    row(365, 1918, "Moscow", 55.8, 37.6),
    row(366, 0, "Tallinn", 59.4, 24.8),
    row(367, 0, "Riga", 56.9, 24.1),
    row(368, 0, "Kaunas", 54.9, 23.9),
    row(368, 1991, "Vilnius", 54.7, 25.3),
    row(369, 0, "Kyiv", 50.5, 30.5),
    row(370, 0, "Minsk", 53.9, 27.6),
    row(371, 0, "Yerevan", 40.2, 44.5),
    row(372, 0, "Tbilisi", 41.7, 44.8),
    row(373, 0, "Baku", 40.4, 49.9),
    row(375, 0, "Helsinki", 60.2, 24.9),
    row(380, 0, "Stockholm", 59.3, 18.1),
    row(385, 0, "Oslo", 59.9, 10.8),
    row(390, 0, "Copenhagen", 55.7, 12.6),
    row(395, 0, "Reykjavík", 64.1, -21.9),
    row(402, 0, "Praia", 14.9, -23.5),
    row(403, 0, "São Tomé", 0.3, 6.7),
    row(404, 0, "Bissau", 11.9, -15.6),
    row(411, 0, "Malabo", 3.8, 8.8),
    row(420, 0, "Banjul", 13.5, -16.6),
    row(432, 0, "Bamako", 12.6, -8.0),
    row(433, 0, "Dakar", 14.7, -17.5),
    row(434, 0, "Porto-Novo", 6.5, 2.6),
    row(435, 0, "Nouakchott", 18.1, -16.0),
    row(436, 0, "Niamey", 13.5, 2.1),
    row(437, 0, "Abidjan", 5.4, -4.0),
    row(437, 1983, "Yamoussoukro", 6.8, -5.3),
    row(438, 0, "Conakry", 9.5, -13.7),
    row(439, 0, "Ouagadougou", 12.4, -1.5),
    row(450, 0, "Monrovia", 6.3, -10.8),
    row(451, 0, "Freetown", 8.5, -13.2),
    row(452, 0, "Accra", 5.6, -0.2),
    row(461, 0, "Lomé", 6.1, 1.2),
    row(471, 0, "Yaoundé", 3.9, 11.5),
    row(475, 0, "Lagos", 6.5, 3.4),
    row(475, 1991, "Abuja", 9.1, 7.5),
    row(481, 0, "Libreville", 0.4, 9.5),
    row(482, 0, "Bangui", 4.4, 18.6),
    row(483, 0, "N'Djamena", 12.1, 15.0),
    row(484, 0, "Brazzaville", -4.3, 15.3),
    row(490, 0, "Kinshasa", -4.3, 15.3),
    row(500, 0, "Kampala", 0.3, 32.6),
    row(501, 0, "Nairobi", -1.3, 36.8),
    row(510, 0, "Dar es Salaam", -6.8, 39.3),
    row(510, 1996, "Dodoma", -6.2, 35.7),
    row(511, 0, "Zanzibar City", -6.2, 39.2),
    row(516, 0, "Bujumbura", -3.4, 29.4),
    row(517, 0, "Kigali", -1.9, 30.1),
    row(520, 0, "Mogadishu", 2.0, 45.3),
    row(522, 0, "Djibouti", 11.6, 43.1),
    row(530, 0, "Addis Ababa", 9.0, 38.7),
    row(531, 0, "Asmara", 15.3, 38.9),
    row(540, 0, "Luanda", -8.8, 13.2),
    row(541, 0, "Maputo", -26.0, 32.6),
    row(551, 0, "Lusaka", -15.4, 28.3),
    row(552, 0, "Harare", -17.8, 31.0),
    row(553, 0, "Zomba", -15.4, 35.3),
    row(553, 1975, "Lilongwe", -14.0, 33.8),
    row(560, 0, "Pretoria", -25.7, 28.2),
    row(565, 0, "Windhoek", -22.6, 17.1),
    row(570, 0, "Maseru", -29.3, 27.5),
    row(571, 0, "Gaborone", -24.7, 25.9),
    row(572, 0, "Mbabane", -26.3, 31.1),
    row(580, 0, "Antananarivo", -18.9, 47.5),
    row(581, 0, "Moroni", -11.7, 43.3),
    row(590, 0, "Port Louis", -20.2, 57.5),
    row(591, 0, "Victoria", -4.6, 55.5),
    row(600, 0, "Fez", 34.0, -5.0),
    row(600, 1956, "Rabat", 34.0, -6.8),
    row(615, 0, "Algiers", 36.8, 3.1),
    row(616, 0, "Tunis", 36.8, 10.2),
    row(620, 0, "Tripoli", 32.9, 13.2),
    row(625, 0, "Khartoum", 15.6, 32.5),
    row(626, 0, "Juba", 4.9, 31.6),
    row(630, 0, "Tehran", 35.7, 51.4),
    row(640, 0, "Constantinople", 41.0, 29.0),
    row(640, 1923, "Ankara", 39.9, 32.9),
    row(645, 0, "Baghdad", 33.3, 44.4),
    row(651, 0, "Cairo", 30.0, 31.2),
    row(652, 0, "Damascus", 33.5, 36.3),
    row(660, 0, "Beirut", 33.9, 35.5),
    row(663, 0, "Amman", 32.0, 35.9),
    row(666, 0, "Jerusalem", 31.8, 35.2),
    row(670, 0, "Riyadh", 24.7, 46.7),
    row(678, 0, "Sana'a", 15.4, 44.2),
    row(679, 0, "Sana'a", 15.4, 44.2),
    row(680, 0, "Aden", 12.8, 45.0),
    row(690, 0, "Kuwait City", 29.4, 48.0),
    row(692, 0, "Manama", 26.2, 50.6),
    row(694, 0, "Doha", 25.3, 51.5),
    row(696, 0, "Abu Dhabi", 24.5, 54.4),
    row(698, 0, "Muscat", 23.6, 58.4),
    row(700, 0, "Kabul", 34.5, 69.2),
    row(701, 0, "Ashgabat", 38.0, 58.4),
    row(702, 0, "Dushanbe", 38.6, 68.8),
    row(703, 0, "Bishkek", 42.9, 74.6),
    row(704, 0, "Tashkent", 41.3, 69.2),
    row(705, 0, "Almaty", 43.2, 76.9),
    row(705, 1997, "Astana", 51.2, 71.4),
    row(710, 0, "Beijing", 39.9, 116.4),
    row(710, 1928, "Nanjing", 32.1, 118.8),
    row(710, 1949, "Beijing", 39.9, 116.4),
    row(712, 0, "Ulaanbaatar", 47.9, 106.9),
    row(713, 0, "Taipei", 25.0, 121.6),
    row(730, 0, "Seoul", 37.6, 127.0),
    row(731, 0, "Pyongyang", 39.0, 125.8),
    row(732, 0, "Seoul", 37.6, 127.0),
    row(740, 0, "Tokyo", 35.7, 139.7),
    row(750, 0, "New Delhi", 28.6, 77.2),
    row(760, 0, "Thimphu", 27.5, 89.6),
    row(770, 0, "Karachi", 24.9, 67.0),
    row(770, 1960, "Islamabad", 33.7, 73.0),
    row(771, 0, "Dhaka", 23.8, 90.4),
    row(775, 0, "Rangoon", 16.9, 96.2),
    row(775, 2006, "Naypyidaw", 19.8, 96.1),
    row(780, 0, "Colombo", 6.9, 79.9),
    row(781, 0, "Malé", 4.2, 73.5),
    row(790, 0, "Kathmandu", 27.7, 85.3),
    row(800, 0, "Bangkok", 13.8, 100.5),
    row(811, 0, "Phnom Penh", 11.6, 104.9),
    row(812, 0, "Vientiane", 18.0, 102.6),
    row(816, 0, "Hanoi", 21.0, 105.8),
    row(817, 0, "Saigon", 10.8, 106.7),
    row(820, 0, "Kuala Lumpur", 3.1, 101.7),
    row(830, 0, "Singapore", 1.3, 103.8),
    row(835, 0, "Bandar Seri Begawan", 4.9, 114.9),
    row(840, 0, "Manila", 14.6, 121.0),
    row(850, 0, "Jakarta", -6.2, 106.8),
    row(860, 0, "Dili", -8.6, 125.6),
    row(900, 0, "Melbourne", -37.8, 145.0),
    row(900, 1927, "Canberra", -35.3, 149.1),
    row(910, 0, "Port Moresby", -9.4, 147.2),
    row(920, 0, "Wellington", -41.3, 174.8),
    row(935, 0, "Port Vila", -17.7, 168.3),
    row(940, 0, "Honiara", -9.4, 159.9),
    row(946, 0, "Tarawa", 1.3, 173.0),
    row(947, 0, "Funafuti", -8.5, 179.2),
    row(950, 0, "Suva", -18.1, 178.4),
    row(955, 0, "Nuku'alofa", -21.1, -175.2),
    row(970, 0, "Yaren", -0.5, 166.9),
    row(983, 0, "Majuro", 7.1, 171.4),
    row(986, 0, "Koror", 7.3, 134.5),
    row(986, 2006, "Ngerulmud", 7.5, 134.6),
    row(987, 0, "Palikir", 6.9, 158.2),
    row(990, 0, "Apia", -13.8, -171.8),
];

/// The capital of state `ccode` in `year`: the last one that became the
/// capital by then, or the earliest one for a year before them all.
pub fn capital(ccode: u32, year: i32) -> Option<&'static Capital> {
    let rows = CAPITALS.iter().filter(|c| c.ccode == ccode);
    rows.clone()
        .rfind(|c| c.from <= year)
        .or_else(|| rows.min_by_key(|c| c.from))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(ccode: u32, year: i32, lat: f64, lon: f64) {
        let c = capital(ccode, year).expect("a capital");
        assert!(
            (c.lat - lat).abs() <= 0.1 && (c.lon - lon).abs() <= 0.1,
            "{ccode} in {year}: {c:?}"
        );
    }

    #[test]
    fn known_capitals_are_where_they_are() {
        near(200, 1914, 51.5, -0.1); // London
        near(365, 1985, 55.8, 37.6); // Moscow
        near(365, 1914, 59.9, 30.3); // St Petersburg
        near(2, 1900, 38.9, -77.0); // Washington
        near(640, 1914, 41.0, 29.0); // Constantinople
        near(640, 1938, 39.9, 32.9); // Ankara
        near(325, 1830, 45.1, 7.7); // Turin
        near(325, 1914, 41.9, 12.5); // Rome
        assert_eq!(capital(999, 1900), None);
    }

    #[test]
    fn every_state_of_the_cow_list_has_a_capital() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/cow/states2016.csv"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("skipped: {path} is not there");
            return;
        };
        let mut checked = 0;
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split(',').collect();
            let ccode: u32 = fields[1].parse().expect("a ccode");
            let start: i32 = fields[3].parse().expect("a start year");
            assert!(capital(ccode, start).is_some(), "no capital for {line}");
            checked += 1;
        }
        assert!(checked > 200, "{checked}");
    }

    #[test]
    fn rows_are_sorted_and_in_range() {
        for w in CAPITALS.windows(2) {
            assert!((w[0].ccode, w[0].from) < (w[1].ccode, w[1].from), "{w:?}");
        }
        for c in CAPITALS {
            assert!((-90.0..=90.0).contains(&c.lat) && (-180.0..=180.0).contains(&c.lon));
            let tenth = |x: f64| ((x * 10.0).round() / 10.0 - x).abs() < 1e-9;
            assert!(tenth(c.lat) && tenth(c.lon), "{c:?}");
        }
    }
}

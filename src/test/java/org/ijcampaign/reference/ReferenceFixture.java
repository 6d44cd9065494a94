package org.ijcampaign.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A reference folder of eleven IRIS, written in the exact formats of the published INSEE and
 * DREES files (separators, quoting, decimal commas, CRLF line ends, secret cells, stripped
 * leading zeros), with round figures so that the expected tables can be checked by hand:
 *
 * <ul>
 *   <li>01001 L'Abergement-Clémenciat: not split into IRIS (one IRIS, {@code …0000}): only
 *       commune figures, département fallbacks for the IRIS-level indicators.
 *   <li>01004 Ambérieu-en-Bugey, split into four IRIS: 0101 has every figure; 0102 has a
 *       secret income ({@code ns}) and a poverty code stripped of its leading zero; 0103, an
 *       activity IRIS, has a blank income, a poverty cell that is not a rate (17910) and no
 *       census row; 0104 has no census row. The commune's legal population, 5001, minus its
 *       census IRIS (1000 + 2000) leaves 2001 for 0103 and 0104: 1001 and 1000.
 *   <li>2A004 Ajaccio (Corsica), one IRIS: an income with a decimal comma, an unstripped code.
 *   <li>75101 Paris 1er arrondissement: an arrondissement (ARM) of 75056, with its own rows in
 *       the comparateur, the legal populations and the APL.
 *   <li>08294 La Moncelle, merged in 2024 into 08053 Bazeilles (COMD): APL 2022 under its own
 *       code, APL 2023 and unemployment only under Bazeilles'.
 *   <li>18131 Lugny-Bourbonnais, merged in 2024 but absent from the COG (no parent known): APL
 *       2022 only; unemployment from its département (one other commune, 30 / 200).
 *   <li>97601 Acoua (Mayotte): in the IRIS table only, with zero actives in the comparateur.
 * </ul>
 * The APL 2023 file also lists 60694, a commune outside the IRIS table: published rows are
 * all kept.
 */
public final class ReferenceFixture {
  private ReferenceFixture() {}

  /** Writes the fixture's files into {@code dir} and returns it. */
  public static Path write(Path dir) {
    write(dir, "insee/iris_2023.csv", "\n",
        "CODE_IRIS,LIB_IRIS,TYP_IRIS,GRD_QUART,DEPCOM,LIBCOM,UU2020,REG,DEP",
        "010010000,L'Abergement-Clémenciat (commune non irisée),Z,0100100,01001,"
            + "L'Abergement-Clémenciat,01000,84,01",
        "010040101,Les Perouses,H,0100401,01004,Ambérieu-en-Bugey,01302,84,01",
        "010040102,Longeray-Gare,H,0100401,01004,Ambérieu-en-Bugey,01302,84,01",
        "010040103,\"Zone d'activité, Le Tiret\",A,0100401,01004,Ambérieu-en-Bugey,01302,84,01",
        "010040104,Vareilles,D,0100401,01004,Ambérieu-en-Bugey,01302,84,01",
        "080530000,Bazeilles (commune non irisée),Z,0805300,08053,Bazeilles,08000,44,08",
        "082940000,La Moncelle (commune non irisée),Z,0829400,08294,La Moncelle,08000,44,08",
        "181310000,Lugny-Bourbonnais (commune non irisée),Z,1813100,18131,Lugny-Bourbonnais,"
            + "18000,24,18",
        "2A0040101,La Gare,H,2A00401,2A004,Ajaccio,2A501,94,2A",
        "751010101,Saint-Germain l'Auxerrois 1,H,7510101,75101,Paris 1er Arrondissement,00851,"
            + "11,75",
        "976010100,Acoua,H,9760101,97601,Acoua,9F201,06,976");

    write(dir, "insee/cog2024_communes.csv", "\n",
        "TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT",
        "COM,01001,84,01,01D,012,5,ABERGEMENT CLEMENCIAT,Abergement-Clémenciat,"
            + "L'Abergement-Clémenciat,0108,",
        "COM,01004,84,01,01D,011,1,AMBERIEU EN BUGEY,Ambérieu-en-Bugey,Ambérieu-en-Bugey,0101,",
        "COM,08053,44,08,08D,083,0,BAZEILLES,Bazeilles,Bazeilles,0816,",
        "COMD,08053,,,,,0,BAZEILLES,Bazeilles,Bazeilles,,08053",
        "COMD,08294,,,,,3,MONCELLE,Moncelle,La Moncelle,,08053",
        "COM,2A004,94,2A,20R,2A1,1,AJACCIO,Ajaccio,Ajaccio,2A98,",
        "COM,75056,11,75,75C,751,0,PARIS,Paris,Paris,7599,",
        "ARM,75101,11,75,75C,751,0,PARIS 1ER ARRONDISSEMENT,Paris 1er Arrondissement,"
            + "Paris 1er Arrondissement,7599,75056",
        "COM,97601,06,976,976D,,1,ACOUA,Acoua,Acoua,97609,");

    write(dir, "insee/populations_legales_2021_communes.csv", "\r\n",
        "REG;Région;DEP;CODARR;CODCAN;CODCOM;COM;Commune;PMUN;PCAP;PTOT",
        "84;Auvergne-Rhône-Alpes;01;2;08;001;01001;L'Abergement-Clémenciat;832;16;848",
        "84;Auvergne-Rhône-Alpes;01;1;01;004;01004;Ambérieu-en-Bugey;5001;100;5101",
        "44;Grand Est;08;2;16;053;08053;Bazeilles;2400;30;2430",
        "44;Grand Est;08;2;16;294;08294;La Moncelle;140;2;142",
        "24;Centre-Val de Loire;18;1;05;131;18131;Lugny-Bourbonnais;34;0;34",
        "94;Corse;2A;1;98;004;2A004;Ajaccio;73822;810;74632",
        "11;Île-de-France;75;1;  ;101;75101;Paris 1er Arrondissement;16000;111;16111");

    String decHeader = "IRIS;DEC_PIMP21;DEC_TP6021;DEC_INCERT21;DEC_Q121;DEC_MED21;DEC_Q321;"
        + "DEC_EQ21;DEC_D121;DEC_D221;DEC_D321;DEC_D421;DEC_D621;DEC_D721;DEC_D821;DEC_D921;"
        + "DEC_RD21;DEC_S80S2021;DEC_GI21;DEC_PACT21;DEC_PTSA21;DEC_PCHO21;DEC_PBEN21;"
        + "DEC_PPEN21;DEC_PAUT21;DEC_NOTE21";
    write(dir, "insee/BASE_TD_FILO_IRIS_2021_DEC.csv", "\r\n", decHeader,
        "010040101;43,0;29,0;2;12610;19330;26390;0,71;7760;11300;13900;16440;21760;24660;"
            + "28120;33850;4,4;6,3;0,318;69,3;62,5;3,2;3,6;27,1;3,6;0",
        "010040102;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;ns;so",
        "010040103;;;;;;;;;;;;;;;;;;;;;;;;;so",
        "010040104;50,0;20,0;1;14000;20500;27000;0,6;9000;11000;14000;17000;22000;25000;"
            + "29000;35000;3,9;5,0;0,300;70,0;60,0;4,0;4,0;26,0;4,0;0",
        "2A0040101;45,0;22,0;1;13000;22000,4;30000;0,7;8000;11000;14000;18000;25000;28000;"
            + "32000;38000;4,8;6,0;0,320;68,0;60,0;4,0;4,0;26,0;4,0;0",
        "751010101;70,0;10,0;1;25000;40000;60000;0,9;12000;18000;25000;32000;48000;56000;"
            + "70000;95000;7,9;9,0;0,400;75,0;65,0;5,0;2,0;20,0;8,0;0");

    // Codes starting with a zero lost it; Corsican codes did not; decimals are quoted.
    write(dir, "insee/BASE_TD_FILO_DISP_IRIS_2019_poverty.csv", "\n",
        "\"IRIS\",\"DISP_TP6019\"",
        "10040101,\"20.5\"",
        "10040102,26",
        "10040103,17910",
        "10040104,\"10.4\"",
        "\"2A0040101\",24",
        "751010101,\"8.5\"");

    String ages = "P16_POP0014,P16_POP1529,P16_POP3044,P16_POP4559,P16_POP6074,P16_POP75P";
    String categories = "C16_POP15P_CS1,C16_POP15P_CS2,C16_POP15P_CS3,C16_POP15P_CS4,"
        + "C16_POP15P_CS5,C16_POP15P_CS6,C16_POP15P_CS7,C16_POP15P_CS8";
    // Populations 1000.3, 2000.0, 1200.0, 15000.2; manual workers 200/1000, 450/1500,
    // 100/1000, 500/12500.
    write(dir, "insee/rp2016_iris_population_habitat.csv", "\n",
        ",IRIS,LIBCOM,TYP_IRIS," + ages + "," + categories,
        "2,010040101,Ambérieu-en-Bugey,H,150.1,200.0,250.0,200.0,150.0,50.2,"
            + "0.0,10.0,50.0,100.0,150.0,200.0,250.0,240.0",
        "3,010040102,Ambérieu-en-Bugey,H,400.0,400.0,400.0,400.0,300.0,100.0,"
            + "0.0,50.0,100.0,200.0,300.0,450.0,250.0,150.0",
        "120,2A0040101,Ajaccio,H,200.0,200.0,300.0,200.0,200.0,100.0,"
            + "0.0,50.0,100.0,200.0,250.0,100.0,200.0,100.0",
        "900,751010101,Paris 1er Arrondissement,H,1000.0,3000.0,4000.0,3000.0,2500.0,1500.2,"
            + "0.0,500.0,4000.0,3000.0,1500.0,500.0,2000.0,1000.0");

    String comparateurHeader = "insee_com,insee_reg,insee_dep,commune,commune_article,"
        + "code_postal,commune_type,insee_parente,lat,lng,superficie_km2,population_2021,"
        + "population_2015,menages_2021,naissances_2022,deces_2022,pop_15_64_totale_2021,"
        + "pop_15_64_chomage_2021,pop_15_64_active_2021";
    // One row per postal code, delegated communes under their parent's code; 2024 geography.
    write(dir, "insee/communes_comparateur_2021.csv", "\n", comparateurHeader,
        "01001,84,01,Abergement-Clémenciat,L'Abergement-Clémenciat,01400,COM,,46.15,4.93,"
            + "15.95,832,767,341,8,5,508,40,400",
        "01004,84,01,Ambérieu-en-Bugey,Ambérieu-en-Bugey,01500,COM,,45.95,5.37,24.6,5001,"
            + "4900,2300,50,40,3000,300,2500",
        "01004,84,01,Ambérieu-en-Bugey,Ambérieu-en-Bugey,01501,COM,,45.95,5.37,24.6,5001,"
            + "4900,2300,50,40,3000,300,2500",
        "08053,44,08,Bazeilles,Bazeilles,08140,COM,,49.71,5.02,37.49,2540,2595,1101,14,29,"
            + "1529,125,1000",
        "08053,,,Bazeilles,Bazeilles,08140,COMD,08053,49.71,5.02,37.49,2540,2595,1101,14,29,"
            + "1529,125,1000",
        "18028,24,18,Berry-Bouy,Berry-Bouy,18500,COM,,47.12,2.30,25.0,300,310,130,2,3,250,30,"
            + "200",
        "2A004,94,2A,Ajaccio,Ajaccio,20000,COM,,41.92,8.70,82.03,73822,68462,31353,542,714,"
            + "43404,90,1000",
        "75101,11,75,Paris 1er Arrondissement,Paris 1er Arrondissement,75001,ARM,75056,48.86,"
            + "2.33,1.83,16000,16545,9499,160,117,11351,800,10000",
        "97601,06,976,Acoua,Acoua,97630,COM,,-12.72,45.06,,0,0,0,163,24,0,0,0");

    String aplHeader = "code_insee,commune,apl_generalistes,apl_generalistes_moins65,"
        + "pop_standardisee,pop_totale,annee";
    write(dir, "drees/apl_generalistes_2022.csv", "\n", aplHeader,
        "01001,L'Abergement-Clémenciat,1.89,1.828,810.855,806,2022",
        "01004,Ambérieu-en-Bugey,3.2,3.0,5000.0,5001,2022",
        "08053,Bazeilles,2.5,2.3,2400.0,2400,2022",
        "08294,La Moncelle,4.645,4.1,140.0,140,2022",
        "18131,Lugny-Bourbonnais,0.468,0.468,36.037,34,2022",
        "2A004,Ajaccio,4.0,3.5,75000.0,73822,2022",
        "75101,Paris 1er Arrondissement,6.18,5.0,15800.0,16000,2022");
    write(dir, "drees/apl_generalistes_2023.csv", "\n", aplHeader,
        "01001,L'Abergement-Clémenciat,1.942,1.881,838.154,832,2023",
        "01004,Ambérieu-en-Bugey,3.1,2.9,5000.0,5001,2023",
        "08053,Bazeilles,2.2,2.0,2540.0,2540,2023",
        "2A004,Ajaccio,3.99,3.11,75673.255,73822,2023",
        "60694,Villotran,1.453,1.348,0.0,0,2023",
        "75101,Paris 1er Arrondissement,6.545,5.337,15782.019,16000,2023");
    return dir;
  }

  /** Writes one file of the fixture (UTF-8, the given line end after every line). */
  static void write(Path dir, String file, String lineEnd, String... lines) {
    try {
      Path path = dir.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, String.join(lineEnd, List.of(lines)) + lineEnd,
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

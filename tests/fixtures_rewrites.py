"""Rewrite fixtures: invented news events, each as a source, rewrites of it and independent
write-ups of the same event.

- `heavy`: every sentence reworded, some merged or split, some moved; facts and numbers kept.
- `light`: the source's sentences in its order, with words and phrases swapped.
- `independent`: another reporter's story of the same event: the same names and numbers, but its
  own structure, quotes and details. These must never be tagged rewrites.

All events, people, places and companies are invented. One paragraph per line, as scraped text
comes. `bench/rewrites.py` scores the detector on every case; tests use a few.
"""

from __future__ import annotations

from typing import NamedTuple


class RewriteCase(NamedTuple):
    name: str
    source: str
    heavy: tuple[str, ...]
    light: tuple[str, ...]
    independent: tuple[str, ...]


FOOTBRIDGE = RewriteCase(
    name="footbridge",
    source="""Engineers closed the Calloway footbridge in the river city of Velmont on Monday after inspectors found cracks in two of its steel support cables, cutting the main walking route between the old town and the railway station.

The city's transport department said the cracks were discovered during a routine inspection on Saturday and that the bridge, which carries about 14,000 pedestrians a day, would stay shut for at least six weeks.

"We are not taking any chances with public safety," said Irena Holm, the department's chief engineer. "The bridge will reopen only when every cable has been tested and, if needed, replaced."

Pedestrians will be directed to the Marrow Street crossing, about 800 metres downstream, and the city will run a free shuttle bus every ten minutes between the two banks during the closure.

The footbridge opened in 1998 and was last repaired in 2015, when its deck was resurfaced at a cost of 2.3 million euros. A report published in 2021 had warned that its cables were nearing the end of their design life.

Local shop owners in the old town said they feared a drop in trade. Council member Tomas Brell called for an independent review of how the city maintains its bridges.

The department expects to publish the results of the cable tests by the end of the month.""",
    heavy=(
        """Velmont's Calloway footbridge, the main pedestrian link between the railway station and the old town, was shut on Monday once inspectors spotted cracking in a pair of the steel cables that hold it up.

According to the city's transport office, a scheduled check on Saturday revealed the damage. The crossing, used by some 14,000 people on foot each day, will remain closed for six weeks or more.

Irena Holm, chief engineer at the department, said safety came first: nobody will walk across again until each cable has been examined and swapped out where necessary.

For the duration, walkers are being sent 800 metres down the river to the Marrow Street crossing, with a free shuttle linking the banks every ten minutes.

Built in 1998, the bridge had its deck resurfaced in 2015 for 2.3 million euros, and a 2021 report cautioned that the cables were close to the end of their expected life.

Old-town traders worry that business will fall off, while councillor Tomas Brell wants an outside inquiry into the city's bridge upkeep. Test results on the cables are due before the month is out.""",
        """Inspectors found cracks in two steel support cables of the Calloway footbridge, and on Monday engineers in Velmont closed it, severing the main walking route from the old town to the station.

The damage turned up in a routine Saturday check, the transport department said. Roughly 14,000 pedestrians cross each day; they will have to go without the bridge for a minimum of six weeks.

"No chances will be taken with safety," chief engineer Irena Holm said, adding that it would only reopen after all cables were tested and replaced if required.

People on foot will instead use the Marrow Street crossing some 800 metres downstream. A free shuttle bus is to run across the river every ten minutes while the bridge is closed.

The structure dates from 1998. Its deck was resurfaced in 2015 at a price of 2.3 million euros, and as early as 2021 a report said its cables were approaching the end of their design life.

Shopkeepers in the old town fear losing customers. Council member Tomas Brell has demanded an independent look at bridge maintenance in the city.

Results from the cable tests should be published by the end of the month, the department said.""",
        """Walkers in Velmont have lost their main way across the river for a month and a half or longer. Routine checks at the weekend turned up fractures in a pair of the steel cables holding up the Calloway footbridge, so engineers shut it on Monday.

Around 14,000 people use the 1998 span daily to get between the station and the old town. The transport department's top engineer, Irena Holm, insisted safety would not be gambled with and that it would stay shut until all its cables had been checked, and swapped where required.

In the meantime a free bus will shuttle across every ten minutes, and people are being pointed to Marrow Street, 800 metres further down.

Questions are already being asked. Its cables were flagged as ageing in a 2021 report, yet the last work, in 2015, only resurfaced the deck, for 2.3 million euros. Councillor Tomas Brell wants an independent inquiry, and traders fear for their takings. Cable test findings are expected within the month.""",
        """A routine weekend check has taken Velmont's busiest pedestrian link out of action: two of the Calloway footbridge's steel cables were found to be cracked, and engineers barred access from Monday.

Some 14,000 walkers a day rely on the crossing to reach the station from the old town. They now face a detour of 800 metres to Marrow Street, or a free bus that will shuttle across the water every ten minutes. Officials expect the work to take six weeks at the very least, and chief engineer Irena Holm says it will not reopen until each cable has been tested and, where necessary, renewed.

The span went up in 1998. A 2015 project spent 2.3 million euros on the deck alone, even though a study six years later warned the cables were almost worn out. Councillor Tomas Brell is demanding an outside review, shopkeepers expect to lose trade, and the cable test results should be out before the month ends.""",
    ),
    light=(
        """Engineers shut the Calloway footbridge in the river city of Velmont on Monday after inspectors discovered cracks in two of its steel support cables, cutting off the main pedestrian route between the old town and the railway station.

The city's transport department said the cracks were found during a routine inspection on Saturday and that the bridge, which carries around 14,000 pedestrians daily, would remain closed for at least six weeks.

"We are not taking any risks with public safety," said Irena Holm, the department's chief engineer. "The bridge will reopen only once every cable has been tested and, where needed, replaced."

Pedestrians will be sent to the Marrow Street crossing, some 800 metres downstream, and the city will operate a free shuttle bus every ten minutes between the two banks during the closure.

The footbridge opened in 1998 and was last repaired in 2015, when its deck was resurfaced for 2.3 million euros. A report released in 2021 had warned that its cables were close to the end of their design life.

Shop owners in the old town said they feared losing trade. Council member Tomas Brell called for an independent review of how the city looks after its bridges.

The department expects to release the cable test results by the end of the month.""",
    ),
    independent=(
        """Commuters in Velmont faced a long detour on Monday morning after the Calloway footbridge was fenced off, its entrances guarded by police officers handing out maps.

"I've crossed here twice a day for twenty years," said Marta Quell, a nurse who works near the railway station. "Now it's an extra half hour."

The closure follows the discovery of cracked cables during an inspection at the weekend. Irena Holm, the city's chief engineer, told reporters at a briefing on the riverbank that two of the bridge's 24 cables showed damage and that specialists from a firm in Dornholt had been called in to scan the rest with ultrasound.

Holm would not say how much the repairs could cost. She said the bridge, used by about 14,000 people a day, could be closed for six weeks or longer, depending on what the scans show.

Opposition councillor Tomas Brell said the city had ignored a 2021 warning about the cables. "This was predictable and it was predicted," he said, holding up a copy of the report. The mayor's office said the report's recommendations had been scheduled for next year's budget.

A shuttle bus began running between the Marrow Street crossing and the station at noon. Cafe owner Lise Arkin said her takings were down by half by lunchtime.""",
        """VELMONT - A cracked cable has taken one of Velmont's busiest crossings out of service.

The Calloway footbridge, a 240-metre steel span opened in 1998, was closed on Monday. City inspectors had noticed damage to two support cables on Saturday. Officials say the bridge will be closed for at least six weeks while every cable is tested.

The bridge carries roughly 14,000 pedestrians daily, many of them students heading to the technical college on the east bank. The college said it would allow students to arrive late without penalty for the first week.

Chief engineer Irena Holm said the damage was probably caused by water getting into a cable anchor. Similar corrosion forced the closure of a bridge in the port of Skarsund in 2019 for five months.

The city's last major work on the bridge, in 2015, cost 2.3 million euros but covered only the deck. A 2021 consultants' report recommended replacing the cables within five years.

Walkers are being sent to the Marrow Street crossing downstream. Cyclists, who were already banned from the footbridge, are not affected.""",
    ),
)

LAYOFFS = RewriteCase(
    name="layoffs",
    source="""Corvane Systems, the maker of industrial control software, said on Wednesday it would cut 1,200 jobs, about 9 percent of its workforce, as slowing orders from car makers hit its revenue.

The company, based in the northern city of Hallstrom, said most of the cuts would fall on its hardware testing and sales divisions, and that affected employees would be told by the end of March.

Chief executive Dana Oyelaran said in a letter to staff that the decision was "painful but necessary" to protect the company's long-term future. She said Corvane would keep investing in its cloud platform, which grew 31 percent last year.

Corvane reported revenue of 4.1 billion dollars for the fourth quarter, down 6 percent from a year earlier and below analysts' forecasts of 4.4 billion. Orders from automotive customers fell 18 percent.

Shares in Corvane fell 7 percent in early trading before recovering some of their losses to close 3 percent lower.

The company expects the restructuring to cost 150 million dollars, mostly in severance payments, and to save 320 million dollars a year from 2026.

The metalworkers' union, which represents about a third of Corvane's staff in Hallstrom, said it would seek talks with management this week.""",
    heavy=(
        """Slumping demand from the auto industry has pushed Corvane Systems to eliminate 1,200 positions, roughly 9 percent of its staff, the industrial control software firm announced on Wednesday.

Hardware testing and sales will bear the brunt of the reductions at the Hallstrom-based group, which plans to notify the workers concerned before March ends.

In a message to employees, CEO Dana Oyelaran called the move "painful but necessary" for Corvane's long-term health, while promising continued spending on its cloud business, up 31 percent last year.

Fourth-quarter sales came in at 4.1 billion dollars, a 6 percent year-on-year drop that missed the 4.4 billion analysts had expected; car makers' orders slid 18 percent.

The stock lost 7 percent at the open, then pared its decline to finish 3 percent down.

Severance accounts for most of the 150 million dollars the overhaul will cost, and Corvane expects annual savings of 320 million dollars starting in 2026. The metalworkers' union, whose members make up about a third of the Hallstrom workforce, wants to meet management this week.""",
        """On Wednesday Corvane Systems announced 1,200 job cuts. The industrial control software company blamed weaker orders from car manufacturers, which dented its revenue; the reductions amount to about 9 percent of its employees.

Most of those losing their jobs work in the hardware testing and sales units, said the firm, which has its headquarters in Hallstrom in the north. Staff affected will learn their fate by late March.

Chief executive Dana Oyelaran told workers in a letter the step was "painful but necessary" to secure the future. Investment will continue in the cloud platform, she wrote, after 31 percent growth last year.

Revenue for the last quarter was 4.1 billion dollars. That was 6 percent lower than a year before and short of the 4.4 billion forecast by analysts, with automotive orders down 18 percent.

Investors sent the shares down 7 percent early on, though they closed only 3 percent lower.

The restructuring will cost an estimated 150 million dollars, chiefly severance, and save 320 million dollars per year from 2026.

Talks with management will be sought this week by the metalworkers' union, which speaks for roughly a third of Corvane employees in Hallstrom.""",
        """Corvane Systems will shed 1,200 jobs, close to 9 percent of the workforce, as the industrial control software maker feels the pinch of car makers ordering less. The announcement came on Wednesday.

The Hallstrom company's quarterly revenue fell 6 percent to 4.1 billion dollars, below the 4.4 billion analysts had pencilled in, and automotive orders dropped 18 percent. Its shares slid 7 percent in early deals and ended the session 3 percent lower.

Hardware testing and sales staff face most of the cuts, with notices going out by the end of March. Dana Oyelaran, the chief executive, described the decision as "painful but necessary" in a note to employees and pledged to keep funding the cloud platform, which expanded 31 percent last year.

Corvane puts the cost of the restructuring at 150 million dollars, largely severance, and the yearly savings at 320 million dollars from 2026.

The metalworkers' union, representing around a third of staff in Hallstrom, is asking for talks with management this week.""",
        """A slump in car makers' orders is costing 1,200 people their jobs at Corvane Systems. The Hallstrom software group, whose programs run industrial machinery, revealed the plan on Wednesday; it amounts to roughly 9 percent of staff.

Revenue in the final quarter dropped 6 percent to 4.1 billion dollars, missing the 4.4 billion the market had pencilled in, after an 18 percent fall in automotive business. The stock tumbled 7 percent before clawing back to end 3 percent lower.

Testing of hardware and the sales force will lose the most people, and they will hear by late March. Boss Dana Oyelaran wrote to employees that it hurt but had to be done for the firm's future, and said spending on the cloud product, 31 percent bigger than a year ago, would go on.

The shake-up will cost 150 million dollars, mainly in payoffs, but should save 320 million a year from 2026. A third of the Hallstrom workforce belongs to the metalworkers' union, which wants a meeting within days.""",
    ),
    light=(
        """Corvane Systems, the industrial control software maker, said on Wednesday it would cut 1,200 jobs, around 9 percent of its workforce, as weaker orders from car makers hurt its revenue.

The company, headquartered in the northern city of Hallstrom, said most of the cuts would affect its hardware testing and sales divisions, and that employees concerned would be informed by the end of March.

Chief executive Dana Oyelaran said in a letter to employees that the decision was "painful but necessary" to protect the company's long-term future. She said Corvane would continue investing in its cloud platform, which grew 31 percent last year.

Corvane reported fourth-quarter revenue of 4.1 billion dollars, down 6 percent on a year earlier and below analysts' expectations of 4.4 billion. Orders from automotive clients dropped 18 percent.

Corvane shares fell 7 percent in early trading before recovering some of the losses to close 3 percent down.

The company expects the restructuring to cost 150 million dollars, mainly in severance payments, and to save 320 million dollars annually from 2026.

The metalworkers' union, which represents roughly a third of Corvane's staff in Hallstrom, said it would ask for talks with management this week.""",
    ),
    independent=(
        """HALLSTROM - Workers leaving Corvane Systems' testing plant on the edge of Hallstrom on Wednesday evening said they had learned of the 1,200 job cuts from their phones.

"Nobody told us anything inside," said Piet Varga, a technician who has worked at the plant for eleven years. "We read it on the news like everyone else."

The software company, which employs about 13,000 people worldwide, said the cuts were needed because car makers were ordering less. Chief executive Dana Oyelaran has been under pressure from investors since a profit warning in October.

Analysts at Brunhilde Securities said the cuts were larger than expected and that the company's reliance on automotive customers, who account for about 40 percent of sales, had become a weakness. They kept their rating on the stock at "hold".

Corvane's quarterly revenue of 4.1 billion dollars was its lowest in two years. The shares ended the day 3 percent lower.

The metalworkers' union said it had not been consulted. Its regional secretary, Olga Brandt, said it would fight any compulsory redundancies and would ask for a meeting with management this week. The mayor of Hallstrom, Ruben Fisk, said he would call Oyelaran on Thursday.""",
        """Corvane Systems is the latest industrial software supplier to cut staff as the car industry pulls back on factory automation.

The company said on Wednesday that 1,200 jobs, roughly 9 percent of its workforce, would go. Rival Teodor Automation announced 800 cuts in January, and Halvard Controls froze hiring last month.

"The automotive cycle has turned, and these companies built their growth on it," said Nadia Ferrante, an industry analyst at Colbeck Research. She estimated that orders for factory control systems from car makers would fall by a fifth this year.

Corvane's automotive orders fell 18 percent in the fourth quarter, and total revenue dropped to 4.1 billion dollars. Chief executive Dana Oyelaran is betting on the company's cloud platform, which grew 31 percent last year, to make up for the slowdown, though it still accounts for less than a tenth of sales.

The restructuring will cost 150 million dollars, the company said. Ferrante said the expected annual savings of 320 million dollars looked "optimistic" given the cost of retraining the engineers who remain.""",
    ),
)

WILDFIRE = RewriteCase(
    name="wildfire",
    source="""A wildfire in the Tarrow Valley forced the evacuation of about 4,000 residents on Thursday as strong winds pushed the flames towards the towns of Eskby and Lunden.

The fire started on Tuesday afternoon in dry scrubland near the Pellor reservoir and has since burned more than 6,500 hectares, according to the regional fire service.

More than 600 firefighters, supported by eight water-bombing aircraft, were battling the blaze on Thursday. Two firefighters were treated in hospital for smoke inhalation and one house was destroyed.

"The next 24 hours will be decisive," said fire chief Anders Rolf. "If the wind drops tonight as forecast, we have a real chance of containing the western front."

Evacuees were being housed in a sports hall in the regional capital, Karsholm, and in two schools. The regional government declared a state of emergency and closed the valley road to all traffic except emergency vehicles.

Temperatures in the region have been above 35 degrees for nine consecutive days, and the weather service has warned that no significant rain is expected before next week.

Police said they were investigating the cause of the fire and did not rule out arson.""",
    heavy=(
        """Some 4,000 people in the Tarrow Valley had to leave their homes on Thursday when gusting winds drove a wildfire towards Eskby and Lunden.

According to the regional fire service, the blaze, which broke out on Tuesday afternoon among parched scrub close to the Pellor reservoir, has consumed over 6,500 hectares.

On Thursday in excess of 600 firefighters and eight water-dropping planes were tackling it. One home burned down, and two firefighters went to hospital after breathing in smoke.

Fire chief Anders Rolf called the coming day decisive, saying crews had a genuine chance to hold the western flank if the wind eased overnight as predicted.

Those evacuated are staying in a sports hall in Karsholm, the regional capital, and at two schools, while the valley road is closed to everything but emergency vehicles under a state of emergency declared by the regional government.

Nine days in a row of temperatures over 35 degrees have baked the area, and forecasters expect no meaningful rain until next week. Arson has not been ruled out by police investigating how the fire began.""",
        """Strong winds drove a Tarrow Valley wildfire towards the towns of Eskby and Lunden on Thursday. Around 4,000 residents were evacuated.

It began on Tuesday afternoon in dry brush by the Pellor reservoir. Since then it has scorched more than 6,500 hectares, the regional fire service said.

A force of over 600 firefighters, backed by eight aircraft dropping water, fought the flames on Thursday; smoke inhalation put two of them in hospital, and a house was lost.

"Everything depends on the next 24 hours," fire chief Anders Rolf said, adding that a drop in the wind overnight, which forecasters expect, would give crews a real chance of stopping the fire's western edge.

The regional government has declared a state of emergency. Only emergency vehicles may use the valley road.

Displaced families have been given shelter in two schools and a sports hall in Karsholm, the regional capital.

For nine straight days the thermometer has topped 35 degrees, and weather forecasters see no real rain before next week. Police are looking into what started the fire and have not excluded arson.""",
        """Flames fanned by high winds were advancing on Eskby and Lunden on Thursday, and about 4,000 Tarrow Valley residents were told to get out.

The blaze has torn through over 6,500 hectares since it ignited among dry bushes by the Pellor reservoir on Tuesday afternoon. More than 600 crew members and eight planes are attacking it; a home has been lost and two firefighters needed hospital care after inhaling smoke.

Anders Rolf, who heads the fire service, said the outcome would be settled within a day, and that calmer winds tonight, if the forecast holds, could let his teams contain the fire on its western side.

Karsholm, the regional capital, has opened a sports hall and two schools have also taken in those who fled. The region is under a state of emergency and only rescue vehicles may use the valley road.

It has been hotter than 35 degrees for nine days running, with no real rain in sight until next week. Arson is among the possible causes police are examining.""",
        """Eskby and Lunden lay in the path of a Tarrow Valley fire on Thursday as gales pushed it on, and roughly 4,000 residents were moved out.

It has blackened more than 6,500 hectares in three days. Parched scrub by the Pellor reservoir caught light on Tuesday afternoon; a week and a half of heat above 35 degrees had left the land tinder-dry, and no proper rain is forecast until next week.

Over 600 firefighters and eight aircraft are involved. Two firefighters were hurt by smoke and a house has burned. Fire chief Anders Rolf said the coming day would decide things: should the wind ease tonight, his crews might hold the western front.

Under a state of emergency the valley road is shut except to emergency services, and the displaced are sleeping in two schools and a Karsholm sports hall. Police say someone may have started the fire on purpose.""",
    ),
    light=(
        """A wildfire in the Tarrow Valley forced about 4,000 residents to evacuate on Thursday as strong winds drove the flames towards the towns of Eskby and Lunden.

The fire broke out on Tuesday afternoon in dry scrubland near the Pellor reservoir and has since burned over 6,500 hectares, the regional fire service said.

More than 600 firefighters, backed by eight water-bombing aircraft, were fighting the blaze on Thursday. Two firefighters were taken to hospital for smoke inhalation and one house was destroyed.

"The next 24 hours will be crucial," said fire chief Anders Rolf. "If the wind drops tonight as forecast, we have a real chance of containing the western front."

Evacuees were being sheltered in a sports hall in the regional capital, Karsholm, and in two schools. The regional government declared a state of emergency and shut the valley road to all traffic except emergency vehicles.

Temperatures in the region have topped 35 degrees for nine days in a row, and the weather service has warned that no significant rain is expected before next week.

Police said they were investigating what caused the fire and did not rule out arson.""",
    ),
    independent=(
        """ESKBY - Ash was falling like snow on the main square of Eskby on Thursday morning as police cars drove through the streets with loudspeakers, telling people to leave.

By the afternoon the town of 2,300 was almost empty. About 4,000 people in the Tarrow Valley have been evacuated, including most of Lunden, a village four kilometres to the north.

"We took the dog, the passports and the photo albums," said Karin Velde, 67, who was waiting for a bus to Karsholm with her husband. "Everything else we left."

The fire, which began on Tuesday near the Pellor reservoir, has burned more than 6,500 hectares of scrub and pine forest. Fire chief Anders Rolf said crews had lost a house on the edge of Lunden overnight but had saved a care home with 40 residents by cutting a firebreak with bulldozers.

Farmers in the valley said they had moved hundreds of sheep to pastures on the other side of the river. The regional government has promised compensation for lost livestock.

A state of emergency is in force. Meteorologists say temperatures above 35 degrees will continue into the weekend.""",
        """Scientists have warned for years that the Tarrow Valley was one of the regions most at risk of large wildfires, and this week's blaze has shown why.

The fire, which has burned more than 6,500 hectares since Tuesday and forced about 4,000 people from their homes, spread through scrub that had not burned in more than 50 years, said Ilse Marten, a fire ecologist at the University of Karsholm.

"There is an enormous amount of dry fuel on the ground," she said. "With nine days over 35 degrees, it only needed a spark."

The regional fire service has deployed more than 600 firefighters and eight aircraft, but Marten said large fires in such conditions were often stopped only when the weather changed.

The regional government declared a state of emergency on Thursday. Its environment minister, Carl Juhl, said a programme of controlled burning in the valley had been cut in 2020 to save money, a decision he called "a mistake we are now paying for".

Police are investigating whether the fire was started deliberately.""",
    ),
)

CUP_FINAL = RewriteCase(
    name="cup_final",
    source="""Ashgrove Rovers won the national cup for the first time in their 112-year history on Saturday, beating Holmfirth City 3-2 after extra time in front of 61,000 fans at the Kestrel Stadium.

City took the lead after 17 minutes when Marek Dvoran headed in a corner, and doubled it just before half-time through a penalty from captain Leon Saar.

Rovers, who play in the second division, pulled one back in the 58th minute with a long-range shot from Jonah Price, and substitute Felix Amadi equalised with four minutes of normal time left.

The winner came in the 109th minute, when Price crossed from the left and defender Tobias Kell scored with a diving header.

"I can't describe it," said Rovers manager Elena Costa, who took over the club only in October. "Nobody gave us a chance, but these players never stopped believing."

City's goalkeeper Samir Haddad was sent off in the final minute of extra time for a foul outside his area.

The victory earns Rovers a place in next season's continental qualifying rounds and prize money of 4.5 million euros.""",
    heavy=(
        """In front of a 61,000 crowd at the Kestrel Stadium on Saturday, second-tier Ashgrove Rovers came from two goals down to defeat Holmfirth City 3-2 after extra time and lift the national cup for the first time in the club's 112 years.

Marek Dvoran's header from a corner put City ahead on 17 minutes, and skipper Leon Saar converted a spot kick shortly before the break to make it two.

Jonah Price halved the deficit for Rovers with a strike from distance on 58 minutes; replacement Felix Amadi levelled it with four minutes of regulation time remaining.

Price then supplied the cross from the left in the 109th minute for centre-back Tobias Kell to dive and head the decisive goal.

Manager Elena Costa, in charge only since October, said words failed her: everyone had written her team off, yet her players kept faith throughout.

Samir Haddad, City's keeper, was dismissed in the last minute of extra time after fouling outside his box. Rovers take home 4.5 million euros and qualify for the early rounds of next season's continental competition.""",
        """A first national cup in 112 years belongs to Ashgrove Rovers. The second-division side beat Holmfirth City 3-2 after extra time on Saturday, watched by 61,000 at the Kestrel Stadium.

Holmfirth went in front after 17 minutes, Marek Dvoran heading home from a corner. Their captain, Leon Saar, added a second from the penalty spot just before the interval.

Jonah Price's long-range effort in the 58th minute got Rovers back into it. With four minutes of normal time to go, Felix Amadi, on as a substitute, made it 2-2.

Defender Tobias Kell won it in the 109th minute. He threw himself at a cross from Price on the left and headed in.

Elena Costa, the Rovers manager since October, said she could not put it into words. "Nobody gave us a chance," she said, praising a squad that had never lost belief.

In the dying minute of extra time the City goalkeeper, Samir Haddad, saw red for a foul outside the area.

Winning brings Rovers 4.5 million euros in prize money and entry to next season's continental qualifiers.""",
        """After 112 years of trying, Ashgrove Rovers finally have the national cup. The second-tier side overturned a two-goal deficit to beat Holmfirth City 3-2 in extra time at the Kestrel Stadium on Saturday, before 61,000 people.

City looked comfortable at the break. Marek Dvoran nodded in from a corner on 17 minutes and Leon Saar, their captain, scored a penalty shortly before half-time.

Jonah Price pulled a goal back with a long shot on 58 minutes, and with four minutes of ordinary time to go Felix Amadi, off the bench, drew Rovers level. In the 109th minute Price swung in a cross from the left and defender Tobias Kell dived to head the winner.

City's evening got worse when Samir Haddad, in goal, was shown a red card in the last minute for a foul outside the area.

Elena Costa, who only became manager in October, was lost for words and said her side had kept believing when nobody rated them. The win is worth 4.5 million euros and a place in continental qualifying next season.""",
        """Second-division Ashgrove Rovers are cup winners for the first time in 112 years after coming back to beat Holmfirth City 3-2 after extra time in front of 61,000 at the Kestrel Stadium on Saturday.

Rovers were two down at the interval, to a Marek Dvoran header on 17 minutes and a Leon Saar penalty, but Jonah Price struck from range on 58 minutes and Felix Amadi, a substitute, equalised four minutes from the end of normal time. Price's cross from the left in the 109th minute was then headed in by the diving Tobias Kell.

City finished with ten men after their goalkeeper, Samir Haddad, was sent off late in extra time. For Rovers, whose manager Elena Costa has been in the job only since October and said nobody had believed in her players except themselves, there is 4.5 million euros in prize money and a continental qualifying place.""",
    ),
    light=(
        """Ashgrove Rovers won the national cup for the first time in their 112-year history on Saturday, defeating Holmfirth City 3-2 after extra time in front of 61,000 supporters at the Kestrel Stadium.

City went ahead after 17 minutes when Marek Dvoran headed in a corner, and doubled their lead just before half-time through a penalty from captain Leon Saar.

Rovers, who play in the second division, got one back in the 58th minute with a long-range shot from Jonah Price, and substitute Felix Amadi equalised with four minutes of normal time remaining.

The winner came in the 109th minute, when Price crossed from the left and defender Tobias Kell scored with a diving header.

"I can't describe it," said Rovers coach Elena Costa, who took charge of the club only in October. "Nobody gave us a chance, but these players never stopped believing."

City goalkeeper Samir Haddad was sent off in the last minute of extra time for a foul outside his box.

The win earns Rovers a spot in next season's continental qualifying rounds and prize money of 4.5 million euros.""",
    ),
    independent=(
        """Tobias Kell had scored twice in four years as a professional. On Saturday the 29-year-old defender scored the goal that won Ashgrove Rovers the national cup.

Kell's diving header in the 109th minute gave Rovers a 3-2 extra-time win over Holmfirth City at the Kestrel Stadium and ended 112 years of waiting for the second-division club.

"I just closed my eyes and went for it," Kell said, still wearing his boots at the post-match news conference. "My dad was in the stand. He's been coming to Rovers games since he was six."

Holmfirth had led 2-0 at half-time through Marek Dvoran and a Leon Saar penalty, and their fans were singing about the trophy when Jonah Price scored from 25 metres. Felix Amadi's late equaliser took the final to extra time.

City manager Viktor Lund refused to blame his goalkeeper, Samir Haddad, who was sent off at the end. "We lost the final long before that," Lund said.

In Ashgrove, a town of 40,000, thousands gathered in the market square. The club said the team would show the trophy from the town hall balcony on Sunday afternoon.""",
        """It was the day Elena Costa's gamble paid off.

When the former youth coach took over Ashgrove Rovers in October, the club was ninth in the second division and its owner was trying to sell it. On Saturday her side won the national cup, beating Holmfirth City 3-2 after extra time before 61,000 spectators.

Costa had changed her formation at half-time with her team 2-0 down, moving Jonah Price into midfield. Price scored in the 58th minute and set up Tobias Kell's winner in the 109th.

"We talked about staying calm, playing our football," Costa said. "The players did the rest."

Holmfirth captain Leon Saar, who had scored a penalty in the first half, sat on the pitch for several minutes after the final whistle.

The cup brings prize money of 4.5 million euros, more than the club's annual budget, and a place in European qualifying. Chairman Rolf Dane said the club was no longer for sale.""",
    ),
)

EEL_SPECIES = RewriteCase(
    name="eel_species",
    source="""Marine biologists from the University of Lindqvist have identified a new species of deep-sea eel living near hydrothermal vents in the southern Meridian Trench, at a depth of about 3,200 metres.

The eel, which grows to around 40 centimetres and has no pigment in its skin, was first filmed by a remotely operated vehicle during an expedition in 2022. The team collected six specimens on a second voyage last year.

Genetic tests showed that the animal belongs to a previously unknown genus, the researchers wrote in the journal Abyssal Biology, published on Tuesday. They named it Thermichthys pallidus.

"It was a complete surprise," said lead author Professor Hanna Sorvik. "We expected to find known species around the vents, not a whole new branch of the eel family tree."

The eels appear to feed on the dense colonies of shrimp that live around the vents, where the water can reach 80 degrees Celsius. Their blood contains unusually high levels of a protein that may protect their cells from heat.

The researchers warned that the vent field is within an area licensed for seabed mining exploration and called for it to be protected.

The expedition was funded by the Oceanic Research Council with a grant of 1.8 million euros.""",
    heavy=(
        """A team of marine scientists at the University of Lindqvist says it has found an eel unknown to science, living around hot springs on the sea floor some 3,200 metres down in the southern part of the Meridian Trench.

Pale and roughly 40 centimetres long, the fish was captured on video by a remotely piloted submersible on a 2022 expedition; six were brought up on a return trip last year.

DNA analysis placed it in a genus nobody had described before, according to the paper in Abyssal Biology, out on Tuesday, which gives it the name Thermichthys pallidus.

Professor Hanna Sorvik, who led the study, said the find came out of the blue, since the team had expected familiar species near the vents rather than an entirely new branch of the eel lineage.

Shrimp swarming around the vents, where the water reaches 80 degrees Celsius, seem to be the eels' food, and a protein found at high concentration in their blood could shield their cells against the heat.

Because the vent field lies inside a zone licensed for exploration by seabed miners, the authors urged that it be protected. The Oceanic Research Council paid for the expedition with a 1.8 million euro grant.""",
        """A new kind of eel has been discovered in the deep ocean. Biologists from the University of Lindqvist found it near hydrothermal vents in the southern Meridian Trench, about 3,200 metres below the surface.

Writing on Tuesday in the journal Abyssal Biology, they report that genetic analysis put the creature in a genus of its own, and they have called it Thermichthys pallidus.

It reaches about 40 centimetres in length and its skin lacks any pigment. A remotely operated vehicle first recorded it on film in 2022, and the scientists returned last year to collect six specimens.

According to lead author Professor Hanna Sorvik, the team had not expected anything of the kind: they went looking for known species, she said, and found an entirely new branch of the eel family.

The eels apparently eat the shrimp that crowd around the vents in water as hot as 80 degrees Celsius. Their blood is rich in a protein that might protect their cells from the heat.

Seabed mining companies hold exploration licences covering the area of the vent field, and the researchers want it protected.

Funding came from the Oceanic Research Council, which granted 1.8 million euros.""",
        """Living 3,200 metres down beside hydrothermal vents in the southern Meridian Trench is an eel that until now no one knew existed, biologists at the University of Lindqvist reported on Tuesday.

The colourless fish, around 40 centimetres long, turned up on footage from a remotely operated vehicle in 2022. Six specimens were gathered on another voyage last year, and genetic testing revealed they belonged to an unknown genus. In the journal Abyssal Biology the team named the species Thermichthys pallidus.

Lead author Professor Hanna Sorvik said the discovery was totally unexpected: the researchers had anticipated known animals at the vents, she said, not a new branch of the eel family tree.

Around the vents the water can hit 80 degrees Celsius, and the eels seem to prey on the thick swarms of shrimp there. High levels of a particular protein in their blood may help their cells cope with the heat.

The vent field sits in an area licensed for seabed mining exploration, and the scientists are calling for it to be protected. A 1.8 million euro grant from the Oceanic Research Council financed the expedition.""",
        """Near scalding vents on the floor of the southern Meridian Trench, around 3,200 metres deep, University of Lindqvist researchers have come across an eel from a genus new to science.

Their paper, published on Tuesday in Abyssal Biology, calls it Thermichthys pallidus. The unpigmented animal measures about 40 centimetres. An underwater robot filmed it in 2022 and the group caught six last year on a follow-up cruise, with gene tests confirming that nothing like it had been described.

Professor Hanna Sorvik, the lead author, said the team had been astonished, having gone to the vents expecting familiar animals rather than a new offshoot of the eel family.

The eels look to be living off the dense shrimp populations around the vents, where water can be 80 degrees Celsius, and unusually high amounts of one protein in their blood might guard their cells against heat.

The expedition cost 1.8 million euros, paid by the Oceanic Research Council. The scientists say the site, part of an area licensed for seabed mining exploration, should be protected.""",
    ),
    light=(
        """Marine biologists from the University of Lindqvist have discovered a new species of deep-sea eel living near hydrothermal vents in the southern Meridian Trench, at a depth of around 3,200 metres.

The eel, which grows to about 40 centimetres and has no pigment in its skin, was first filmed by a remotely operated vehicle on an expedition in 2022. The team gathered six specimens on a second trip last year.

Genetic tests showed that the animal belongs to a previously unknown genus, the researchers wrote in the journal Abyssal Biology, released on Tuesday. They named it Thermichthys pallidus.

"It was a total surprise," said lead author Professor Hanna Sorvik. "We expected to find known species around the vents, not a whole new branch of the eel family tree."

The eels seem to feed on the dense colonies of shrimp that live around the vents, where the water can reach 80 degrees Celsius. Their blood contains unusually high levels of a protein that may shield their cells from heat.

The researchers warned that the vent field lies within an area licensed for seabed mining exploration and called for its protection.

The expedition was financed by the Oceanic Research Council with a grant of 1.8 million euros.""",
    ),
    independent=(
        """The deep sea has yielded another surprise: a ghostly white eel that thrives beside vents spewing water hot enough to cook it.

Thermichthys pallidus, described on Tuesday in Abyssal Biology by a team from the University of Lindqvist, lives around 3,200 metres down in the Meridian Trench. It is the first new eel genus described from hydrothermal vents in more than 30 years, said Rasmus Ekholm, a fish taxonomist at the Natural History Museum in Karsholm who was not involved in the research.

"Vent fields are islands," Ekholm said. "Each one can have animals found nowhere else, and we have explored perhaps a few percent of them."

Professor Hanna Sorvik, who led the study, said her team spent 19 days at sea and lost one of its sampling robots when a cable snapped. The six specimens they brought back are now kept in the university's collection.

The discovery comes as governments debate rules for deep-sea mining. A company called Nordbank Minerals holds an exploration licence that covers the vent field. It said in a statement that it had not started any work there and would "take the findings into account".""",
        """Hanna Sorvik has spent twenty years looking at the sea floor through the cameras of underwater robots. In 2022 she saw something she did not recognise.

"A pale shape, moving slowly between the chimneys," the University of Lindqvist biologist recalled. "My student said it was a plastic bag. It was not a plastic bag."

The shape turned out to be a new eel, which Sorvik and her colleagues described on Tuesday in the journal Abyssal Biology and named Thermichthys pallidus. It lives near hydrothermal vents in the southern Meridian Trench, at about 3,200 metres, and belongs to a genus never seen before.

The team went back last year with a grant of 1.8 million euros from the Oceanic Research Council and a submersible fitted with a suction sampler. Catching the eels took four days.

Sorvik now wants to study how they survive the heat. Water at the vents reaches 80 degrees Celsius, and she suspects the shrimp the eels eat may also hold clues.

Environmental groups seized on the study to renew calls for a moratorium on seabed mining in the region.""",
    ),
)

RATE_RISE = RewriteCase(
    name="rate_rise",
    source="""The central bank of Marovia raised its main interest rate by half a percentage point to 6.25 percent on Thursday, its third increase this year, as inflation climbed to a 15-year high.

Consumer prices rose 8.4 percent in the year to May, driven by higher food and energy costs, according to figures published last week by the national statistics office.

Governor Viktor Anselm said the bank was "determined to bring inflation back to its target of 3 percent" and did not rule out further increases. Five of the seven members of the monetary committee voted for the rise, while two preferred a smaller move of a quarter point.

The Marovian ducat strengthened 1.2 percent against the euro after the decision, which was larger than most economists had expected.

The bank cut its forecast for economic growth this year to 1.1 percent from 1.9 percent, citing weaker exports and a slowdown in construction.

Business groups criticised the increase. The Chamber of Commerce said higher borrowing costs would hurt small firms already struggling with energy bills.

The next rate decision is due on July 24.""",
    heavy=(
        """With inflation at its highest in 15 years, Marovia's central bank on Thursday lifted its benchmark rate by 50 basis points to 6.25 percent, the third hike of the year.

Food and energy pushed consumer prices 8.4 percent higher over the twelve months to May, the national statistics office reported last week.

Governor Viktor Anselm vowed to return inflation to the 3 percent goal and left the door open to more tightening. The monetary committee split five to two, the minority favouring a quarter-point increase.

Most economists had forecast a smaller step, and the ducat gained 1.2 percent on the euro after the announcement.

Growth this year will now be just 1.1 percent rather than 1.9 percent, the bank predicted, pointing to softer exports and a construction slowdown. The Chamber of Commerce complained that dearer credit would squeeze small companies already hit by energy costs.

Policymakers meet again on July 24.""",
        """Marovia's central bank on Thursday increased its key rate by half a point, taking it to 6.25 percent. It was the bank's third move this year and came as inflation reached a 15-year peak.

Last week the national statistics office said prices were up 8.4 percent on a year earlier in May, fuelled by the cost of food and energy.

The bank is "determined" to get inflation back down to 3 percent, said governor Viktor Anselm, who would not exclude more increases. On the seven-strong monetary committee, two members wanted only a quarter point; the other five backed the half-point rise.

After the larger-than-expected decision the ducat climbed 1.2 percent against the euro.

The bank now sees the economy growing 1.1 percent this year, down from an earlier estimate of 1.9 percent, because exports are weaker and building activity is slowing.

Business lobbies were unhappy. Small firms, already battling high energy bills, will suffer from costlier loans, the Chamber of Commerce warned.

July 24 is the date of the next decision on rates.""",
        """Inflation at a 15-year high has prompted Marovia's central bank to tighten again. On Thursday it added half a point to its main rate, now 6.25 percent, in its third rise of the year.

Prices were 8.4 percent higher in May than a year earlier, mostly because of food and energy, statistics published last week showed. Governor Viktor Anselm said the bank was set on getting back to its 3 percent target and might raise rates again. Two of the seven on the monetary committee would have preferred a quarter point.

Markets had not expected so big a step: the ducat rose 1.2 percent against the euro. The bank also trimmed its growth forecast for the year from 1.9 percent to 1.1 percent on weaker exports and a construction slowdown.

Firms are unhappy. Dearer loans will hit small businesses already coping with energy bills, the Chamber of Commerce said. Rates will be reviewed again on July 24.""",
        """Marovia's central bank has raised borrowing costs for the third time this year, adding half a point to take its main rate to 6.25 percent as inflation hit a 15-year high of 8.4 percent, fed by food and energy.

The decision on Thursday was bigger than most forecasters predicted and lifted the ducat 1.2 percent against the euro, although two of the seven committee members wanted a quarter point. Governor Viktor Anselm promised to get inflation down to the 3 percent target and did not rule out going further.

At the same time the bank now expects the economy to grow by only 1.1 percent this year, not 1.9 percent, because of soft exports and fewer building projects. Companies reacted badly, with the Chamber of Commerce warning that small firms hit by energy bills would struggle with costlier loans. The next decision is on July 24.""",
    ),
    light=(
        """The central bank of Marovia raised its key interest rate by half a percentage point to 6.25 percent on Thursday, its third increase this year, as inflation rose to a 15-year high.

Consumer prices climbed 8.4 percent in the year to May, pushed up by higher food and energy costs, according to figures released last week by the national statistics office.

Governor Viktor Anselm said the bank was "determined to bring inflation back to its target of 3 percent" and did not exclude further increases. Five of the seven members of the monetary committee voted for the rise, while two favoured a smaller quarter-point move.

The Marovian ducat gained 1.2 percent against the euro after the decision, which was bigger than most economists had expected.

The bank lowered its forecast for economic growth this year to 1.1 percent from 1.9 percent, citing weaker exports and a construction slowdown.

Business groups criticised the rise. The Chamber of Commerce said higher borrowing costs would hurt small companies already struggling with energy bills.

The next rate decision is scheduled for July 24.""",
    ),
    independent=(
        """Homeowners in Marovia face higher mortgage payments after the central bank raised interest rates for the third time this year.

The half-point rise, to 6.25 percent, will add about 90 ducats a month to a typical variable-rate mortgage, according to calculations by the consumer group Fair Lending. Around 60 percent of Marovian mortgages have variable rates.

"People are already cutting back on food," said Emilia Roos, a debt adviser in the capital, Ostrava Nova. "Every increase brings more of them to our door."

Governor Viktor Anselm defended the decision at a news conference, saying that inflation of 8.4 percent was "far more damaging" to households than higher rates. He said the bank expected inflation to fall below 6 percent by the end of the year.

Finance minister Lukas Ferro said the government would extend its energy subsidy for low-income families until December. Opposition parties called for a cap on mortgage rates, which the government has rejected.

Banks including Marovia Savings said they would pass the increase on to customers from next month.""",
        """Marovia's central bank surprised markets on Thursday with a larger than expected interest rate rise, and economists are divided on whether it went too far.

The bank lifted its main rate to 6.25 percent. Of 14 economists surveyed by the Ostrava Business Journal before the meeting, 11 had forecast a quarter-point move.

"The bank is fighting yesterday's inflation," said Jan Petrak, chief economist at Halvorsen Bank, who noted that energy prices had fallen for two months. "The full effect of these rises will hit next year, when the economy is already weak."

Others backed governor Viktor Anselm. Maria Lind of the Institute for Economic Studies said inflation of 8.4 percent, the highest in 15 years, risked becoming entrenched in wage deals.

The ducat gained against the euro and government bond yields rose. The bank also cut its growth forecast for the year to 1.1 percent.

The monetary committee was split, with two of its seven members voting for a smaller increase. Minutes of the meeting will be published in two weeks.""",
    ),
)

FERRY_STRIKE = RewriteCase(
    name="ferry_strike",
    source="""Ferry services between the mainland port of Dunmere and the island of Harrowsay were cancelled on Friday as crew members began a 48-hour strike over pay and staffing.

The Coastal Shipping Company, which runs the route, said all 14 scheduled crossings would be cancelled on Friday and Saturday, affecting about 3,500 passengers and dozens of freight lorries.

The seafarers' union said its members had rejected a pay offer of 4 percent this year, arguing that it did not make up for two years of rising living costs. The union is also demanding that ships carry two extra deckhands on each crossing.

"Our members are exhausted," said union organiser Fiona Carrick. "Crews are working 14-hour shifts because the company will not hire enough people."

The company said its offer was fair and that staffing on its ships met all legal requirements. Its operations director, Gregor Hale, urged the union to return to talks.

Island businesses warned that fresh food deliveries would run short by Sunday. The island council said it had arranged for a chartered boat to carry medical supplies and patients needing hospital care.

Further strikes are planned for the following two weekends.""",
    heavy=(
        """A 48-hour walkout by crews over wages and staffing halted ferries linking Dunmere on the mainland with the island of Harrowsay on Friday.

All 14 crossings timetabled for Friday and Saturday have been scrapped, said the Coastal Shipping Company, the route's operator; roughly 3,500 passengers are affected, along with dozens of freight lorries.

Union members turned down a 4 percent pay rise for this year, which the seafarers' union says falls short after two years of climbing living costs, and it also wants two more deckhands aboard every crossing.

Organiser Fiona Carrick said crews were worn out and working 14-hour shifts because the company refused to recruit enough staff.

Gregor Hale, operations director at the company, called the offer fair, insisted that staffing met every legal requirement and asked the union to come back to the table.

Businesses on the island expect fresh food to run out by Sunday, while the island council has hired a boat for medical supplies and for patients who need hospital treatment. More strikes are set for the next two weekends.""",
        """Crew members went on strike for 48 hours on Friday in a dispute over pay and staffing levels. As a result, no ferries are running between Dunmere, a mainland port, and the island of Harrowsay.

The Coastal Shipping Company operates the service. It said 14 crossings on Friday and Saturday had been cancelled, hitting around 3,500 travellers and dozens of lorries carrying freight.

According to the seafarers' union, its members voted down a 4 percent offer for this year because it failed to compensate for two years of higher living costs. Two additional deckhands on every sailing are another of its demands.

Fiona Carrick, a union organiser, said members were "exhausted" and crews were doing 14-hour shifts as the company would not take on enough workers.

The company described its offer as fair and said crew numbers on its vessels complied with the law. Operations director Gregor Hale appealed to the union to resume negotiations.

On the island, traders said stocks of fresh food would be running low by Sunday. A chartered boat will carry medical supplies and hospital patients, the island council said.

Walkouts are also planned for each of the two weekends that follow.""",
        """Harrowsay is cut off from the mainland after ferry crews walked out on Friday for 48 hours in a row over wages and staffing.

Fourteen sailings from Dunmere over Friday and Saturday are off, leaving about 3,500 passengers and dozens of lorries stranded, according to the Coastal Shipping Company, which operates the link.

The seafarers' union turned down a 4 percent raise, saying it would not cover two years of rising prices, and wants two extra deckhands on every trip. Its organiser, Fiona Carrick, said worn-out crews were putting in 14-hour shifts because the firm would not hire enough staff.

The company stands by its offer as fair and says its ships are crewed within the law. Gregor Hale, its operations director, wants talks to resume.

Fresh food on the island could run out by Sunday, shops say. The island council has chartered a boat for medicine and hospital patients. Two more weekend strikes are planned.""",
    ),
    light=(
        """Ferry services between the mainland port of Dunmere and the island of Harrowsay were cancelled on Friday as crew members started a 48-hour strike over pay and staffing.

The Coastal Shipping Company, which operates the route, said all 14 scheduled crossings on Friday and Saturday would be cancelled, affecting about 3,500 passengers and dozens of freight lorries.

The seafarers' union said its members had turned down a pay offer of 4 percent this year, arguing that it did not compensate for two years of rising living costs. The union is also demanding two extra deckhands on each crossing.

"Our members are exhausted," said union organiser Fiona Carrick. "Crews are doing 14-hour shifts because the company refuses to hire enough people."

The company said its offer was fair and that crewing on its ships met all legal requirements. Its operations director, Gregor Hale, called on the union to return to talks.

Island businesses warned that fresh food supplies would run short by Sunday. The island council said it had chartered a boat to carry medical supplies and patients needing hospital treatment.

More strikes are planned for the next two weekends.""",
    ),
    independent=(
        """HARROWSAY - The shelves of the island's only supermarket were half empty by Friday afternoon, as the first day of the ferry strike cut Harrowsay off from the mainland.

"People came in this morning and bought all the milk and bread," said manager Colin Rusk. "We normally get a lorry every day. Now we don't know when the next one will be."

About 3,500 passengers had been booked on the 14 crossings cancelled over the two days. Among them were 60 pupils from the island's secondary school returning from a trip to Dunmere, who were put up in a hotel by the local authority.

The strike by members of the seafarers' union is the first on the route in 22 years. The union rejected a 4 percent pay offer and wants more crew on each ship.

Gregor Hale, the Coastal Shipping Company's operations director, said the company had lost around 200,000 pounds in fares. "Nobody wins from this," he said.

The island council said a chartered fishing boat had taken a pregnant woman to the mainland hospital on Friday morning. Islanders have started a petition calling for the route to be taken into public ownership.""",
        """The ferry dispute between the Coastal Shipping Company and its crews has been building for two years, and Friday's strike was no surprise to those who work on the Dunmere to Harrowsay route.

Fiona Carrick, the union organiser who has led the talks, said crews had raised concerns about fatigue as early as 2022. An internal safety report seen by this newspaper shows that one ship ran with a single deckhand on 31 crossings last winter.

"This is not just about money," Carrick said. "It's about whether the ships are safe."

The company says its staffing meets legal requirements and points out that its pay offer of 4 percent is higher than the one accepted by crews on rival routes. It made a profit of 6.2 million pounds last year.

The government, which subsidises the route, has said it will not intervene. The transport minister, Ellen Boyd, urged both sides to use the national mediation service.

The 48-hour strike ends on Sunday morning. The union has announced further action on the next two weekends.""",
    ),
)

CASES: tuple[RewriteCase, ...] = (
    FOOTBRIDGE,
    LAYOFFS,
    WILDFIRE,
    CUP_FINAL,
    EEL_SPECIES,
    RATE_RISE,
    FERRY_STRIKE,
)

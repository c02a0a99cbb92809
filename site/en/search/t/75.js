kbsearch.shard("u",{"unabl":[3,3,10,2],"undeliver":[6,2],"url":[2,1,10,2],"use":[2,1,2,3,2,9,6,2,3,2,4,2]});

kbsearch.shard("u",{"unabl":[3,1,10,1],"undeliver":[6,1],"url":[2,1,10,3],"use":[4,1,2,3,6,1,3,1,4,1]});
